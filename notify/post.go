package notify

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// do sends a request to a provider (the SMS gateway, a webhook receiver: who, in the
// error) and reads its answer away. Any answer but 2xx is an error naming the status
// only, never what was sent; a failed request's error leaves out the URL.
func do(client *http.Client, req *http.Request, who string) error {
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: %s: %w", who, redactURL(err))
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("notify: %s answered %s", who, res.Status)
	}
	return nil
}

// redactURL drops the URL from a client error: a gateway URL may carry an account id.
func redactURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Delivery is one event to one receiver, as the worker claims it.
type Delivery struct {
	ID       string
	EventID  string
	Channel  Channel
	Receiver string // an email address, a phone number, or a webhook's id
	Attempts int    // attempts made, this one included
	Event    Event
	// Link is the referral's agency link token, opened from the outbox for the send
	// ("" when the event has none, or it cannot be opened).
	Link string
	// Webhook is the receiver of a webhook delivery.
	Webhook Receiver
	// Person is true for a text to the person a referral is about: Receiver then holds
	// their number, looked up for this send only, and the text is PersonText's.
	Person bool
	// Lang is that person's preferred language, looked up with their number ("" when
	// not known: English).
	Lang string
}

// Attempt is one try at a delivery.
type Attempt struct {
	Worker   string
	At       time.Time
	Duration time.Duration
	Err      string // "" when it went
}

// Queue is the outbox as the worker sees it; the store implements it.
type Queue interface {
	// Claim takes up to limit deliveries of the channels that are due at now (pending
	// and due, or sending with an expired lease), leasing them to worker until
	// now+lease, and counts the attempt. On PostgreSQL concurrent workers never claim
	// the same delivery (FOR UPDATE SKIP LOCKED).
	Claim(ctx context.Context, worker string, channels []Channel, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// Succeeded marks the delivery sent and records the attempt.
	Succeeded(ctx context.Context, d Delivery, a Attempt) error
	// Failed records the attempt and makes the delivery due again at next, or, when dead,
	// moves it to the dead-letter list (a webhook's receiver is then paused and its admin
	// told).
	Failed(ctx context.Context, d Delivery, a Attempt, next time.Time, dead bool) error
	// Release gives back a claimed delivery that was not tried (shutdown): due at once.
	Release(ctx context.Context, d Delivery) error
}

// Worker claims due deliveries and sends them. Run it in every serve: on PostgreSQL
// several workers share the outbox and each delivery is sent by one.
type Worker struct {
	Queue Queue
	// Name identifies the worker in leases and attempts (host and process).
	Name string
	// Mail, SMS and Webhooks send their channels; a nil one leaves its deliveries
	// waiting for a worker that has it.
	Mail     Mailer
	SMS      SMSProvider
	Webhooks *WebhookSender
	Texts    Texts
	Backoff  Backoff
	// Lease is how long a claimed delivery is the worker's before another may take it
	// (a worker that died mid-send); 0 means 2 minutes. It must outlast a send.
	Lease time.Duration
	// Poll is how often the worker looks for due deliveries; 0 means 2 seconds. Wake
	// makes it look at once.
	Poll time.Duration
	// Batch is how many deliveries one claim takes; 0 means 20.
	Batch int
	Log   *slog.Logger
	// Relay, when set, runs before each round of claims: it moves new directory changes
	// into the outbox (store.RelayChanges) and returns how many it moved.
	Relay func(ctx context.Context) (int, error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	wakeOnce sync.Once
	wake     chan struct{}
}

func (w *Worker) init() {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
}

// Wake makes the worker look for due deliveries now (a write just queued one).
func (w *Worker) Wake() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) channels() []Channel {
	var cs []Channel
	if w.Mail != nil {
		cs = append(cs, Email)
	}
	if w.SMS != nil {
		cs = append(cs, SMS)
	}
	if w.Webhooks != nil {
		cs = append(cs, Webhook)
	}
	return cs
}

// Run sends due deliveries until ctx ends. Then it drains: the batch in hand is
// finished and recorded (each send is bounded by its own timeout, not by ctx), what was
// claimed but not yet tried is released for another worker, and Run returns.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	poll := w.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if w.Relay != nil && w.Webhooks != nil {
			if _, err := w.Relay(ctx); err != nil && ctx.Err() == nil {
				w.logger().Warn("outbox: relaying directory changes failed", "err", err)
			}
		}
		for {
			n, err := w.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				w.logger().Warn("outbox: claim failed", "err", err)
			}
			if n == 0 || ctx.Err() != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.wake:
		}
	}
}

func (w *Worker) logger() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}

// RunOnce claims one batch and sends it; it returns how many it claimed. When ctx ends
// mid-batch, the sends under way finish and the rest are released.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.init()
	chans := w.channels()
	if len(chans) == 0 || ctx.Err() != nil {
		return 0, nil
	}
	lease := w.Lease
	if lease <= 0 {
		lease = 2 * time.Minute
	}
	batch := w.Batch
	if batch <= 0 {
		batch = 20
	}
	// The store's calls run on their own context: a shutdown must still record what was
	// sent, or the delivery would go again.
	bg := context.WithoutCancel(ctx)
	ds, err := w.Queue.Claim(bg, w.Name, chans, w.now(), lease, batch)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for i, d := range ds {
		if ctx.Err() != nil {
			for _, rest := range ds[i:] {
				if err := w.Queue.Release(bg, rest); err != nil {
					w.logger().Warn("outbox: release failed", "delivery", rest.ID, "err", err)
				}
			}
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.deliver(bg, d)
		}()
	}
	wg.Wait()
	return len(ds), nil
}

// deliver sends one delivery and records the attempt. The log names the delivery, the
// event kind and the channel, never the receiver or the message.
func (w *Worker) deliver(ctx context.Context, d Delivery) {
	start := w.now()
	err := w.send(ctx, d)
	a := Attempt{Worker: w.Name, At: start, Duration: w.now().Sub(start)}
	log := w.logger().With("delivery", d.ID, "kind", string(d.Event.Kind), "channel", string(d.Channel), "attempt", d.Attempts)
	if err == nil {
		if rerr := w.Queue.Succeeded(ctx, d, a); rerr != nil {
			log.Error("outbox: sent, but recording it failed (it may go again)", "err", rerr)
		} else {
			log.Info("outbox: delivered")
		}
		return
	}
	a.Err = shortError(err)
	wait, again := w.Backoff.After(d.Attempts)
	if rerr := w.Queue.Failed(ctx, d, a, w.now().Add(wait), !again); rerr != nil {
		log.Error("outbox: recording a failed attempt failed", "err", rerr)
		return
	}
	if again {
		log.Warn("outbox: attempt failed; will retry", "retry_in", wait.Round(time.Millisecond).String(), "err", a.Err)
	} else {
		log.Error("outbox: gave up; in the dead-letter list", "err", a.Err)
	}
}

func (w *Worker) send(ctx context.Context, d Delivery) error {
	switch d.Channel {
	case Email:
		return w.Mail.SendMail(ctx, d.Receiver, w.Texts.Render(d.Event, d.Link))
	case SMS:
		if d.Person {
			return w.SMS.SendSMS(ctx, d.Receiver, w.Texts.PersonText(d.Event, d.Lang))
		}
		return w.SMS.SendSMS(ctx, d.Receiver, w.Texts.Render(d.Event, d.Link).ShortText())
	case Webhook:
		if d.Webhook.URL == "" {
			return errors.New("notify: the webhook receiver is gone")
		}
		return w.Webhooks.Send(ctx, d.Webhook, d.Event, w.now())
	}
	return fmt.Errorf("notify: unknown channel %q", d.Channel)
}

// shortError keeps an error to one line of at most 300 bytes, for the attempts list.
func shortError(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

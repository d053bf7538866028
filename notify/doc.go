// Package notify delivers what someone must hear about: a referral sent to an agency or
// answered by it, a follow-up handed to a colleague, a listing flagged for review, a
// suggested edit waiting, a directory change. The store writes each event to an outbox
// in the same transaction as the change, with one delivery per receiver; the Worker
// here claims due deliveries, sends them by email (Mailer), text message (SMSProvider)
// or webhook (Standard Webhooks, signed), records every attempt, retries with
// exponential backoff and parks what keeps failing in the dead-letter list.
//
// Notices are content-free about the person: they say that something is waiting and
// where to open it, never a name, phone, note or diagnosis (messages.go).
//
// Like care, notify holds no SQL: the store implements Queue.
package notify

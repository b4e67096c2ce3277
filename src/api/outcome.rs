//! One write, and what became of it as far as the console knows: the rule
//! every single write follows (a note, a contact link, a delete, a category;
//! the account form follows it with its own look).
//!
//! - A 2xx answer: done.
//! - A refusal (a 4xx, or a 429 the client stopped waiting on): it did not
//!   land, for the reason given; except the refusals that say the end state
//!   holds already (a delete's 404, an unlink's 404): done already.
//! - No clear answer (a timeout, a 5xx, a lost connection, an answer that
//!   cannot be read): it may have landed. The console says so, looks (reads
//!   what the write would have changed), and offers to send again only when
//!   the look shows it did not land. When the look fails too, nobody knows:
//!   the next attempt looks first ([`Order::LookFirst`]).
//!
//! [`write_once`] runs the rule: the caller gives what to send, how to look,
//! and which refusals mean done; `domain::messages::settled` words the end.
//! The logic takes its I/O as futures and functions, so it is tested
//! natively; they come boxed, so its code is in the console once, not once
//! per write.

use std::{future::Future, pin::Pin};

use account_model::error::{ALREADY_ASSOCIATED, ASSOCIATION_EXISTS};

use crate::api::ApiError;

/// One answer, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome<T> {
    /// A 2xx answer.
    Done(T),
    /// Refused: it did not land.
    Refused(ApiError),
    /// No clear answer: it may have landed.
    Unsure(ApiError),
}

impl<T> Outcome<T> {
    pub fn of(result: Result<T, ApiError>) -> Outcome<T> {
        match result {
            Ok(value) => Outcome::Done(value),
            Err(error) if error.may_have_landed() => Outcome::Unsure(error),
            Err(error) => Outcome::Refused(error),
        }
    }
}

/// What a look at the server found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// What the write was to do is there: it landed.
    Landed,
    /// It is not there: it did not land (so far).
    Missing,
}

/// How an attempt starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Order {
    /// Send at once: the last attempt of this write (if any) is settled.
    SendFirst,
    /// Look before sending: an earlier attempt met this error and nobody
    /// has seen since whether it landed.
    LookFirst(ApiError),
}

/// Where a write ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled<T> {
    /// Answered with success.
    Done(T),
    /// Refused in words that say its end state holds already (an earlier
    /// attempt, or someone else, did it).
    AlreadyDone(ApiError),
    /// No clear answer, or an unsettled earlier one, and a look shows it landed.
    LandedAfterAll,
    /// No clear answer, and a look shows it did not land: safe to send again.
    NotLanded(ApiError),
    /// Refused: it did not land.
    Refused(ApiError),
    /// No clear answer, and the look failed too.
    Unknown { error: ApiError, look: ApiError },
}

impl<T> Settled<T> {
    /// Whether what the write was to do holds now.
    pub fn holds(&self) -> bool {
        matches!(self, Settled::Done(_) | Settled::AlreadyDone(_) | Settled::LandedAfterAll)
    }
}

/// For writes no refusal settles: [`write_once`]'s `done_already`.
pub fn never(_: &ApiError) -> bool {
    false
}

/// For deletes and unlinks: a 404 means what they were to remove is gone.
pub fn gone(error: &ApiError) -> bool {
    matches!(error, ApiError::NotFound(_))
}

/// For a link sent again after a try nobody saw end: the API's "already
/// linked" (409) says that try landed.
pub fn already_linked(error: &ApiError) -> bool {
    matches!(error, ApiError::Conflict(message) if [ASSOCIATION_EXISTS, ALREADY_ASSOCIATED].contains(&message.trim()))
}

/// A write not yet sent: futures do nothing until awaited.
pub type Sending<'a, T> = Pin<Box<dyn Future<Output = Result<T, ApiError>> + 'a>>;

/// One look at the server.
pub type Looking<'a> = Pin<Box<dyn Future<Output = Result<Look, ApiError>> + 'a>>;

/// Runs one write by the rule of the module docs: `send` is awaited only
/// when the order (or the look it asks for) allows, `unsure` is told the
/// error before a look after it starts (to say "may have landed, looking…"),
/// `look` makes a look each time it is called.
pub async fn write_once<'a, T>(
    order: Order,
    send: Sending<'a, T>,
    done_already: fn(&ApiError) -> bool,
    unsure: &dyn Fn(&ApiError),
    look: &dyn Fn() -> Looking<'a>,
) -> Settled<T> {
    if let Order::LookFirst(error) = order {
        match look().await {
            Ok(Look::Landed) => return Settled::LandedAfterAll,
            Ok(Look::Missing) => {}
            Err(look) => return Settled::Unknown { error, look },
        }
    }
    match Outcome::of(send.await) {
        Outcome::Done(value) => Settled::Done(value),
        Outcome::Refused(error) if done_already(&error) => Settled::AlreadyDone(error),
        Outcome::Refused(error) => Settled::Refused(error),
        Outcome::Unsure(error) => {
            unsure(&error);
            match look().await {
                Ok(Look::Landed) => Settled::LandedAfterAll,
                Ok(Look::Missing) => Settled::NotLanded(error),
                Err(look) => Settled::Unknown { error, look },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use futures::executor::block_on;

    use super::*;

    /// A server holding a set of notes, whose answers can be lost.
    #[derive(Default)]
    struct Server {
        notes: RefCell<Vec<&'static str>>,
        /// The next write lands but its answer is lost this way.
        lose_answer: RefCell<Option<ApiError>>,
        /// The next write fails this way without landing.
        fail: RefCell<Option<ApiError>>,
        /// The next look fails this way.
        blind: RefCell<Option<ApiError>>,
        sent: Cell<usize>,
        looks: Cell<usize>,
    }

    impl Server {
        async fn add(&self, note: &'static str) -> Result<(), ApiError> {
            self.sent.set(self.sent.get() + 1);
            if let Some(error) = self.fail.take() {
                return Err(error);
            }
            self.notes.borrow_mut().push(note);
            self.lose_answer.take().map_or(Ok(()), Err)
        }

        async fn look(&self, note: &'static str) -> Result<Look, ApiError> {
            self.looks.set(self.looks.get() + 1);
            if let Some(error) = self.blind.take() {
                return Err(error);
            }
            Ok(if self.notes.borrow().contains(&note) { Look::Landed } else { Look::Missing })
        }

        async fn add_once(&self, order: Order, note: &'static str) -> Settled<()> {
            write_once(order, Box::pin(self.add(note)), never, &|_| {}, &|| Box::pin(self.look(note))).await
        }
    }

    /// How the next attempt of the same write starts (as the notes' Add
    /// keeps it).
    fn next<T>(settled: &Settled<T>) -> Order {
        match settled {
            Settled::Unknown { error, .. } => Order::LookFirst(error.clone()),
            _ => Order::SendFirst,
        }
    }

    fn server_error() -> ApiError {
        ApiError::Server { status: 500, message: "boom".into(), retry_after: None }
    }

    #[test]
    fn answers_are_classified_as_done_refused_or_unsure() {
        assert_eq!(Outcome::of(Ok::<_, ApiError>(7)), Outcome::Done(7));
        for refused in [
            ApiError::Validation("name is mandatory.".into()),
            ApiError::NotFound("No Record Found".into()),
            ApiError::Conflict("taken".into()),
            ApiError::Forbidden("no".into()),
            ApiError::Unauthorized("expired".into()),
            ApiError::RateLimited { retry_after: None },
        ] {
            assert_eq!(Outcome::<()>::of(Err(refused.clone())), Outcome::Refused(refused));
        }
        for unsure in [
            ApiError::Timeout,
            server_error(),
            ApiError::Network("reset".into()),
            ApiError::Decode("<html>".into()),
            ApiError::Aborted,
        ] {
            assert_eq!(Outcome::<()>::of(Err(unsure.clone())), Outcome::Unsure(unsure));
        }
    }

    #[test]
    fn a_write_whose_answer_is_lost_is_looked_for_and_found_without_being_sent_again() {
        let server = Server::default();
        *server.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        let told = RefCell::new(None);
        let settled = block_on(write_once(
            Order::SendFirst,
            Box::pin(server.add("call back")),
            never,
            &|error| *told.borrow_mut() = Some(error.clone()),
            &|| Box::pin(server.look("call back")),
        ));
        assert_eq!(settled, Settled::LandedAfterAll);
        assert!(settled.holds());
        assert_eq!(told.into_inner(), Some(ApiError::Timeout), "told before looking");
        assert_eq!((server.sent.get(), server.looks.get()), (1, 1));
        assert_eq!(*server.notes.borrow(), ["call back"]);
    }

    #[test]
    fn a_write_that_met_a_server_error_and_is_not_there_may_be_sent_again() {
        let server = Server::default();
        *server.fail.borrow_mut() = Some(server_error());
        let settled = block_on(server.add_once(Order::SendFirst, "call back"));
        assert_eq!(settled, Settled::NotLanded(server_error()));
        assert_eq!(next(&settled), Order::SendFirst, "the look settled it");
        assert_eq!(block_on(server.add_once(next(&settled), "call back")), Settled::Done(()));
        assert_eq!(*server.notes.borrow(), ["call back"], "stored once");
    }

    #[test]
    fn when_the_look_fails_too_the_next_attempt_looks_first_and_sends_nothing_if_it_landed() {
        let server = Server::default();
        *server.lose_answer.borrow_mut() = Some(ApiError::Timeout);
        *server.blind.borrow_mut() = Some(server_error());
        let settled = block_on(server.add_once(Order::SendFirst, "call back"));
        assert_eq!(settled, Settled::Unknown { error: ApiError::Timeout, look: server_error() });
        assert!(!settled.holds());
        let again = block_on(server.add_once(next(&settled), "call back"));
        assert_eq!(again, Settled::LandedAfterAll);
        assert_eq!(server.sent.get(), 1, "never sent twice");
        assert_eq!(*server.notes.borrow(), ["call back"]);
    }

    #[test]
    fn looking_first_sends_when_the_write_is_not_there_and_keeps_the_old_error_when_the_look_fails() {
        let server = Server::default();
        assert_eq!(block_on(server.add_once(Order::LookFirst(ApiError::Timeout), "a")), Settled::Done(()));
        assert_eq!((server.sent.get(), server.looks.get()), (1, 1));
        *server.blind.borrow_mut() = Some(ApiError::Network("offline".into()));
        assert_eq!(
            block_on(server.add_once(Order::LookFirst(ApiError::Timeout), "b")),
            Settled::Unknown { error: ApiError::Timeout, look: ApiError::Network("offline".into()) }
        );
        assert_eq!(server.sent.get(), 1, "nothing sent without a look");
    }

    #[test]
    fn a_refusal_that_says_the_end_state_holds_is_done_already_and_others_are_refusals() {
        let not_found = || ApiError::NotFound("No Record Found".into());
        let look = || -> Looking<'_> { Box::pin(async { Ok(Look::Missing) }) };
        let gone_already = block_on(write_once(
            Order::SendFirst,
            Box::pin(async move { Err::<(), _>(not_found()) }),
            gone,
            &|_| {},
            &look,
        ));
        assert_eq!(gone_already, Settled::AlreadyDone(not_found()));
        assert!(gone_already.holds());
        let refused = block_on(write_once(
            Order::SendFirst,
            Box::pin(async { Err::<(), _>(ApiError::Forbidden("no".into())) }),
            gone,
            &|_| panic!("a refusal is not unsure"),
            &|| panic!("a refusal needs no look"),
        ));
        assert_eq!(refused, Settled::Refused(ApiError::Forbidden("no".into())));
    }
}

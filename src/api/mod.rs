//! The one typed client of the Account API.
//!
//! Every method of the reference is a method of [`ApiClient`] (one file per
//! resource), built on [`ApiClient::request`], which alone sends requests and
//! turns answers into `Result<T, ApiError>`. It adds `LV-Session`, gives every
//! attempt a timeout and an `AbortController`, and resends a call by itself
//! only when the server did not act on it: reads on 429 and 502–504, writes on
//! 429 and on 503 with `Retry-After` alone (a write that timed out or met
//! another 5xx may have landed, so it is reported, never resent). On a 401 it asks [`Reauth`] for a new sign-in, then
//! resends the interrupted request. A client made for one user's scope
//! ([`ApiClient::for_user`]) sends nothing under another user's session.
//! What a page does with a write that may have landed is `outcome.rs`'s
//! rule: say so, look, send again only if not.

pub mod accounts;
pub mod categories;
pub mod contacts;
pub mod error;
pub mod notes;
pub mod outcome;
pub mod retry;
pub mod runner;
pub mod session;
pub mod walk;

use std::{
    cell::Cell,
    rc::Rc,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use account_model::{ACCESS_TOKEN_HEADER, SESSION_HEADER, session::Permission};
use futures_channel::oneshot;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::AbortController;

pub use crate::api::{error::ApiError, retry::RetryPolicy};
use crate::{
    platform::config::RuntimeConfig,
    platform::session::{Identity, Session},
    platform::timer::{Timeout, sleep},
};

/// The client: cheap to clone, shared through Leptos context.
#[derive(Clone, Debug)]
pub struct ApiClient {
    config: Arc<RuntimeConfig>,
    session: ArcRwSignal<Option<Session>>,
    reauth: Option<Reauth>,
    on_forbidden: Option<OnForbidden>,
    retry: RetryPolicy,
    acting: Acting,
}

/// What a client tells of a 403: see [`ApiClient::on_forbidden`].
#[derive(Clone)]
struct OnForbidden(Arc<dyn Fn(Permission) + Send + Sync>);

impl std::fmt::Debug for OnForbidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnForbidden")
    }
}

/// Whose calls a client sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Acting {
    /// Whoever is signed in: the client outside every user's scope, which
    /// signs in and out.
    ForWhoever,
    /// Only this user (`None`: nobody): the client of one user's scope.
    For(Option<Identity>),
}

impl Acting {
    /// Whether a read or write may go out while `signed_in` is signed in.
    pub fn may_send(&self, signed_in: Option<&Identity>) -> bool {
        match self {
            Acting::ForWhoever => true,
            Acting::For(who) => who.as_ref() == signed_in,
        }
    }
}

impl ApiClient {
    /// A client that resumes the session this tab saved, if any. Without
    /// [`ApiClient::with_reauth`] a 401 is returned as an error.
    pub fn new(config: RuntimeConfig) -> ApiClient {
        ApiClient {
            config: Arc::new(config),
            session: ArcRwSignal::new(Session::load()),
            reauth: None,
            on_forbidden: None,
            retry: RetryPolicy::default(),
            acting: Acting::ForWhoever,
        }
    }

    /// This client for the scope of `who` (see `app/mod.rs`): its reads and
    /// writes go out, and are resent after a new sign-in, only while `who`
    /// is the one signed in; otherwise they fail with [`ApiError::NotSent`].
    /// So work left running by one user never acts as the next.
    pub fn for_user(&self, who: Option<Identity>) -> ApiClient {
        ApiClient { acting: Acting::For(who), ..self.clone() }
    }

    /// On a 401, wait for `reauth` to sign in again and resend the request.
    pub fn with_reauth(mut self, reauth: Reauth) -> ApiClient {
        self.reauth = Some(reauth);
        self
    }

    /// Calls `refused` with the permission of every call answered 403, so
    /// that the caller (the role state, `domain::access`) learns the role
    /// without this layer knowing of it.
    pub fn on_forbidden(mut self, refused: impl Fn(Permission) + Send + Sync + 'static) -> ApiClient {
        self.on_forbidden = Some(OnForbidden(Arc::new(refused)));
        self
    }

    pub fn config(&self) -> &RuntimeConfig {
        &self.config
    }

    /// The signed-in session (reactive).
    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    pub fn session_untracked(&self) -> Option<Session> {
        self.session.get_untracked()
    }

    /// Replaces the session, in memory and in `sessionStorage`.
    pub fn set_session(&self, session: Option<Session>) {
        match &session {
            Some(session) => session.save(),
            None => Session::forget(),
        }
        self.session.set(session);
    }

    /// Sends one call and decodes its answer; see the module docs for what
    /// happens on failures.
    pub async fn request<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ApiError> {
        let body = retry::resend(call.kind, &self.retry, &Sending { client: self, call: &call }).await?;
        decode(&body)
    }

    fn identity(&self) -> Option<Identity> {
        self.session.with_untracked(|s| s.as_ref().map(Session::identity))
    }

    fn session_id(&self) -> Option<String> {
        self.session.with_untracked(|s| s.as_ref().map(|s| s.session_id.clone()))
    }

    /// One attempt: answers the body of a 2xx answer.
    async fn attempt(&self, call: &Call<'_>) -> Result<String, ApiError> {
        if call.cancel.is_some_and(Cancel::is_cancelled) {
            return Err(ApiError::Aborted);
        }
        let controller = AbortController::new().map_err(|_| ApiError::Network("no AbortController".into()))?;
        // Aborts the fetch when this future is dropped before it finishes.
        let in_flight = AbortOnDrop(Some(controller.clone()));
        let timed_out = Rc::new(Cell::new(false));
        let _timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timeout::new(Duration::from_millis(u64::from(self.config.request_timeout_ms)), move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let _forward = call.cancel.map(|cancel| cancel.forward_to(&controller));
        let failed = |e: gloo_net::Error| {
            if timed_out.get() {
                ApiError::Timeout
            } else if call.cancel.is_some_and(Cancel::is_cancelled) {
                ApiError::Aborted
            } else {
                ApiError::Network(e.to_string())
            }
        };

        let url = self.config.url(&call.path, call.query.as_deref());
        let signal = controller.signal();
        let mut builder = RequestBuilder::new(&url)
            .method(call.method.clone())
            .header("Accept", "application/json")
            .abort_signal(Some(&signal));
        if call.with_session
            && let Some(session) = self.session.get_untracked()
        {
            builder = builder.header(SESSION_HEADER, &session.session_id);
        }
        if let Some(token) = call.access_token.as_deref().filter(|t| !t.is_empty()) {
            builder = builder.header(ACCESS_TOKEN_HEADER, token);
        }
        let request = match &call.body {
            Some(body) => builder.header("Content-Type", "application/json").body(body.clone()),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;

        let response = request.send().await.map_err(failed)?;
        let status = response.status();
        let retry_after = response.headers().get("retry-after");
        let body = response.text().await.map_err(failed)?;
        in_flight.disarm();
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(ApiError::from_answer(status, retry_after.as_deref(), &body))
        }
    }
}

/// One call of a client, as `retry::resend` sends it.
struct Sending<'c, 'a> {
    client: &'c ApiClient,
    call: &'c Call<'a>,
}

impl retry::Line for Sending<'_, '_> {
    fn may_send(&self) -> bool {
        self.call.kind == Kind::Login || self.client.acting.may_send(self.client.identity().as_ref())
    }

    fn session_id(&self) -> Option<String> {
        self.client.session_id()
    }

    fn attempt(&self) -> impl Future<Output = Result<String, ApiError>> {
        self.client.attempt(self.call)
    }

    fn sign_in_again(&self) -> Option<impl Future<Output = bool>> {
        match (self.call.kind, &self.client.reauth) {
            (Kind::Read | Kind::Write, Some(reauth)) => Some(reauth.wait()),
            _ => None,
        }
    }

    fn forbidden(&self) {
        if let (Some(permission), Some(refused)) = (self.call.needs, &self.client.on_forbidden) {
            (refused.0)(permission);
        }
    }

    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> {
        sleep(wait)
    }
}

/// Decodes a 2xx body; an empty body (204) reads as `null`, so `()` decodes.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    let body = if body.trim().is_empty() { "null" } else { body };
    serde_json::from_str(body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// What a call may do on failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Idempotent: retried on 429/502–504, resent after a new sign-in.
    Read,
    /// Resent only when the server did not act on it: after a 429 or a 503
    /// with `Retry-After` (as it says) and after a 401 and a new sign-in.
    Write,
    /// The login itself: no session header, no re-sign-in.
    Login,
}

/// One call: method, path (from `account_model::paths`), query and body.
#[derive(Debug)]
pub struct Call<'a> {
    method: Method,
    path: String,
    query: Option<String>,
    body: Option<String>,
    kind: Kind,
    /// Whether to send `LV-Session`: every call but the login does.
    with_session: bool,
    access_token: Option<String>,
    cancel: Option<&'a Cancel>,
    /// What the call needs of the user's role (NOTES.md's table).
    needs: Option<Permission>,
}

impl<'a> Call<'a> {
    pub fn new(kind: Kind, method: Method, path: impl Into<String>) -> Call<'a> {
        let with_session = kind != Kind::Login;
        Call {
            method,
            path: path.into(),
            query: None,
            body: None,
            kind,
            with_session,
            access_token: None,
            cancel: None,
            needs: None,
        }
    }

    /// The permission the call needs, so that a 403 teaches the role.
    pub fn needs(mut self, permission: Permission) -> Call<'a> {
        self.needs = Some(permission);
        self
    }

    /// Sends `LV-Session` even on a call of [`Kind::Login`] (the logout).
    pub fn with_session(mut self) -> Call<'a> {
        self.with_session = true;
        self
    }

    pub fn read(path: impl Into<String>) -> Call<'a> {
        Call::new(Kind::Read, Method::GET, path)
    }

    pub fn query(mut self, query: String) -> Call<'a> {
        self.query = Some(query);
        self
    }

    pub fn json(mut self, body: &impl Serialize) -> Result<Call<'a>, ApiError> {
        self.body = Some(serde_json::to_string(body).map_err(|e| ApiError::Validation(e.to_string()))?);
        Ok(self)
    }

    pub fn access_token(mut self, token: Option<String>) -> Call<'a> {
        self.access_token = token;
        self
    }

    pub fn cancel(mut self, cancel: Option<&'a Cancel>) -> Call<'a> {
        self.cancel = cancel;
        self
    }
}

/// Starts `work` at once and answers the rest of it. A `LocalResource`
/// polls its future only after the view that made it has been built (about
/// 100 ms on a cold start), so a page's first request would wait for the page's
/// own rendering; polled once here, the request is on the wire meanwhile. The
/// later polls bring their own waker, as the `Future` contract asks of every
/// future, so the first poll's no-op waker is never the one that counts.
pub fn start_now<F: Future>(work: F) -> impl Future<Output = F::Output> {
    let mut work = Box::pin(work);
    let finished = futures::FutureExt::now_or_never(&mut work);
    async move {
        match finished {
            Some(output) => output,
            None => work.await,
        }
    }
}

/// Lets the caller abort a request, e.g. one a newer request supersedes.
#[derive(Clone, Debug)]
pub struct Cancel {
    controller: AbortController,
}

impl Default for Cancel {
    fn default() -> Self {
        Cancel::new()
    }
}

impl Cancel {
    pub fn new() -> Cancel {
        #[allow(clippy::expect_used)] // Every browser the console supports has AbortController.
        let controller = AbortController::new().expect("AbortController");
        Cancel { controller }
    }

    pub fn cancel(&self) {
        self.controller.abort();
    }

    pub fn is_cancelled(&self) -> bool {
        self.controller.signal().aborted()
    }

    /// Aborts `inner` when this is cancelled, until the returned guard drops.
    fn forward_to(&self, inner: &AbortController) -> Forward {
        let target = inner.clone();
        let listener = Closure::<dyn FnMut()>::new(move || target.abort());
        let signal = self.controller.signal();
        let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        Forward { signal, listener }
    }
}

struct Forward {
    signal: web_sys::AbortSignal,
    listener: Closure<dyn FnMut()>,
}

impl Drop for Forward {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.listener.as_ref().unchecked_ref());
    }
}

struct AbortOnDrop(Option<AbortController>);

impl AbortOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

/// The hand-off between a request that met a 401 and the sign-in dialog:
/// requests wait in [`Reauth::wait`] while [`Reauth::is_needed`] shows the
/// dialog; [`Reauth::resume`] or [`Reauth::give_up`] releases them.
#[derive(Clone, Debug, Default)]
pub struct Reauth {
    needed: ArcRwSignal<bool>,
    waiting: Arc<Mutex<Vec<oneshot::Sender<bool>>>>,
}

impl Reauth {
    /// True while a sign-in is needed (reactive).
    pub fn is_needed(&self) -> bool {
        self.needed.get()
    }

    /// Waits for the user to sign in again: true when they did.
    pub async fn wait(&self) -> bool {
        let (sender, receiver) = oneshot::channel();
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner).push(sender);
        self.needed.set(true);
        receiver.await.unwrap_or(false)
    }

    /// Ends the wait after the user signed in again: the waiting requests
    /// resend.
    pub fn resume(&self) {
        self.release(true);
    }

    /// Ends the wait without a sign-in (the user signed out): the waiting
    /// requests fail with their 401.
    pub fn give_up(&self) {
        self.release(false);
    }

    /// Answers every waiting [`Reauth::wait`] with `signed_in`.
    fn release(&self, signed_in: bool) {
        let waiting = std::mem::take(&mut *self.waiting.lock().unwrap_or_else(PoisonError::into_inner));
        self.needed.set(false);
        for sender in waiting {
            let _ = sender.send(signed_in);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A future that is pending on its first poll and ready on the next,
    /// counting its polls.
    fn pending_once(polls: &Rc<Cell<u32>>) -> impl Future<Output = u32> + use<> {
        let polls = polls.clone();
        std::future::poll_fn(move |cx| {
            polls.set(polls.get() + 1);
            if polls.get() == 1 {
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            } else {
                std::task::Poll::Ready(polls.get())
            }
        })
    }

    #[test]
    fn start_now_polls_the_work_before_it_is_awaited_and_answers_its_output() {
        let polls = Rc::new(Cell::new(0));
        let started = start_now(pending_once(&polls));
        assert_eq!(polls.get(), 1, "the first poll happens when start_now is called");
        assert_eq!(futures::executor::block_on(started), 2);
    }

    #[test]
    fn start_now_answers_work_that_finished_at_once_without_polling_it_again() {
        let polls = Rc::new(Cell::new(0));
        let counted = polls.clone();
        let started = start_now(async move {
            counted.set(counted.get() + 1);
            "done"
        });
        assert_eq!(futures::executor::block_on(started), "done");
        assert_eq!(polls.get(), 1);
    }

    #[test]
    fn a_scope_sends_only_while_its_own_user_is_signed_in() {
        let (ann, bob) = (Identity::new("DEMO", "ann"), Identity::new("DEMO", "bob"));
        let anns = Acting::For(Some(ann.clone()));
        assert!(anns.may_send(Some(&Identity::new("demo", "ANN"))), "the same user, whatever the case");
        assert!(!anns.may_send(Some(&bob)), "never as another user");
        assert!(!anns.may_send(None), "nor after signing out");
        assert!(!Acting::For(None).may_send(Some(&ann)), "the signed-out console acts for nobody");
        assert!(Acting::ForWhoever.may_send(Some(&bob)) && Acting::ForWhoever.may_send(None));
    }

    #[test]
    fn an_empty_body_decodes_as_unit_and_a_wrong_one_is_a_decode_error() {
        assert_eq!(decode::<()>(""), Ok(()));
        assert_eq!(decode::<account_model::Created>(r#"{"id": "7"}"#).map(|c| c.id), Ok(7));
        assert!(matches!(decode::<account_model::Created>("<html>"), Err(ApiError::Decode(_))));
    }
}

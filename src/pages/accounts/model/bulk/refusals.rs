//! A bulk run that the API refuses the same way again and again stops: a Set
//! of a value the API does not know (no campaign with that ID) would
//! otherwise send a write per account, thousands of them, each refused with
//! the same sentence.

use crate::api::ApiError;

/// How many refusals in a row, with the same words and before any write
/// went through, stop a run.
pub const SAME_REFUSALS_TO_STOP: usize = 3;

/// Watches a run's answers for the same refusal again and again.
#[derive(Debug, Default)]
pub struct RefusalWatch {
    /// A write went through: the value itself is fine, refusals are the
    /// accounts' own.
    landed: bool,
    /// The last refusal's words and how many came in a row.
    last: Option<(String, usize)>,
}

impl RefusalWatch {
    /// Takes one write's answer (`None`: it went through); whether the run
    /// should stop now: the API refused the first writes alike.
    pub fn saw(&mut self, refused: Option<&ApiError>) -> bool {
        match refused {
            None => {
                self.landed = true;
                self.last = None;
            }
            Some(ApiError::Validation(why)) if !self.landed => match &mut self.last {
                Some((words, count)) if words == why => *count += 1,
                _ => self.last = Some((why.clone(), 1)),
            },
            Some(_) => self.last = None,
        }
        self.stopped_on().is_some()
    }

    /// The refusal that stopped the run, once it did.
    pub fn stopped_on(&self) -> Option<&str> {
        self.last.as_ref().filter(|(_, count)| *count >= SAME_REFUSALS_TO_STOP).map(|(why, _)| why.as_str())
    }

    /// What the user reads once the run stopped so.
    pub fn said(&self) -> Option<String> {
        self.stopped_on().map(|why| {
            format!(
                "Stopped: the API refused the first {SAME_REFUSALS_TO_STOP} accounts alike ({why}), so the rest were \
                 not sent. Choose another value and run it again."
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(why: &str) -> ApiError {
        ApiError::Validation(why.into())
    }

    #[test]
    fn the_same_refusal_three_times_before_any_write_landed_stops_the_run() {
        let mut watch = RefusalWatch::default();
        let no_campaign = refused("There is no campaign with ID CAMP-X.");
        assert!(!watch.saw(Some(&no_campaign)));
        assert!(!watch.saw(Some(&no_campaign)));
        assert!(watch.saw(Some(&no_campaign)));
        assert_eq!(watch.stopped_on(), Some("There is no campaign with ID CAMP-X."));
        assert!(watch.said().is_some_and(|said| said.contains("refused the first 3 accounts alike")));
    }

    #[test]
    fn refusals_that_differ_or_follow_a_write_that_landed_do_not_stop_it() {
        let (a, b) = (refused("Name is too long."), refused("Account number already exists."));
        let mut differing = RefusalWatch::default();
        for error in [&a, &b, &a, &b, &a] {
            assert!(!differing.saw(Some(error)));
        }
        let mut after_a_write = RefusalWatch::default();
        assert!(!after_a_write.saw(None));
        for _ in 0..5 {
            assert!(!after_a_write.saw(Some(&a)), "the value is fine: these accounts refuse it");
        }
        let mut other_errors = RefusalWatch::default();
        for _ in 0..5 {
            assert!(!other_errors.saw(Some(&ApiError::Timeout)), "a timeout says nothing of the value");
        }
        assert_eq!(other_errors.said(), None);
    }
}

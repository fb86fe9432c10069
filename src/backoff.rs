//! One exponential backoff for every retry: a lookup's retries, the token
//! endpoint after a failure, the team history's reconnects.

use std::time::Duration;

/// `first` after one failure, doubling with each, never more than `most`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub most: Duration,
}

impl Backoff {
    /// The pause after `failures` failures (1, 2, ...).
    pub fn step(&self, failures: u32) -> Duration {
        self.first.saturating_mul(1 << failures.saturating_sub(1).min(16)).min(self.most)
    }

    /// [`Self::step`] with "equal jitter", between half and all of it, so
    /// many clients (a team whose server restarted) do not retry in step.
    pub fn jittered(&self, failures: u32) -> Duration {
        self.step(failures).mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_doubles_to_its_ceiling_and_jitter_stays_within_half() {
        let b = Backoff { first: Duration::from_millis(250), most: Duration::from_secs(30) };
        let steps: Vec<u64> = (1..=9).map(|n| b.step(n).as_millis() as u64).collect();
        assert_eq!(steps, [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
        assert_eq!(b.step(u32::MAX), Duration::from_secs(30), "no overflow");
        for n in 1..10 {
            let j = b.jittered(n);
            assert!(j >= b.step(n) / 2 && j <= b.step(n), "{n}: {j:?}");
        }
    }
}

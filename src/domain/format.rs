//! How values read on screen: dates as local time with a relative age, money
//! and counts with thousands separators, a run's progress with the time
//! left. Pure, so tested natively; the
//! browser's time zone comes in as an offset.

use std::time::Duration;

use crate::api::runner::Progress;

/// The browser's offset from UTC at `epoch_ms`, in minutes east of UTC
/// (UTC+2 is 120). Zero outside a browser.
pub fn local_offset_minutes(epoch_ms: i64) -> i64 {
    if cfg!(target_arch = "wasm32") {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
        -(date.get_timezone_offset() as i64)
    } else {
        0
    }
}

/// `2026-11-26 14:05` for an epoch-ms date, at `offset_minutes` from UTC.
pub fn date_time(epoch_ms: i64, offset_minutes: i64) -> String {
    let local = epoch_ms.div_euclid(1000) + offset_minutes * 60;
    let days = local.div_euclid(86_400);
    let seconds = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// `2026-11-26` for an epoch-ms date, at `offset_minutes` from UTC.
pub fn date(epoch_ms: i64, offset_minutes: i64) -> String {
    date_time(epoch_ms, offset_minutes)[..10].to_string()
}

/// An epoch-ms date and time in the browser's time zone.
pub fn local_date_time(epoch_ms: i64) -> String {
    date_time(epoch_ms, local_offset_minutes(epoch_ms))
}

/// The day of an epoch-ms date in the browser's time zone, as a date input
/// writes it.
pub fn local_date(epoch_ms: i64) -> String {
    date(epoch_ms, local_offset_minutes(epoch_ms))
}

/// "just now", "5 minutes ago", "3 days ago", "in 2 hours".
pub fn relative_age(then_ms: i64, now_ms: i64) -> String {
    let seconds = (now_ms - then_ms) / 1000;
    let (amount, future) = (seconds.unsigned_abs(), seconds < 0);
    let (count, unit) = match amount {
        0..=44 => return "just now".into(),
        45..=3_599 => (amount.div_ceil(60).max(1), "minute"),
        3_600..=86_399 => (amount / 3_600, "hour"),
        86_400..=2_629_799 => (amount / 86_400, "day"),
        2_629_800..=31_557_599 => (amount / 2_629_800, "month"),
        _ => (amount / 31_557_600, "year"),
    };
    let plural = if count == 1 { "" } else { "s" };
    if future { format!("in {count} {unit}{plural}") } else { format!("{count} {unit}{plural} ago") }
}

/// The current time in epoch ms (the browser's clock; zero natively).
pub fn now_ms() -> i64 {
    if cfg!(target_arch = "wasm32") { js_sys::Date::now() as i64 } else { 0 }
}

/// `1,234,567`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// ", about 7 min left" (or ", less than a minute left") for work of
/// `total` units with `done` finished in `elapsed`; `None` until it can be
/// told (two seconds in, something done) and once everything is.
pub fn time_left(done: u64, total: u64, elapsed: Duration) -> Option<String> {
    if done == 0 || done >= total || elapsed < Duration::from_secs(2) {
        return None;
    }
    let left = elapsed.as_secs_f64() / done as f64 * (total - done) as f64;
    Some(match left.round() as u64 {
        0..60 => ", less than a minute left".to_string(),
        seconds => format!(", about {} min left", seconds.div_ceil(60)),
    })
}

/// "120 of 5,000…", with the time left once it can be told, or the wait a
/// rate limit asked for.
pub fn progress_text(progress: Progress, elapsed: Duration) -> String {
    let (finished, total) = (progress.finished(), progress.total);
    let mut text = format!("{} of {}", thousands(finished as i64), thousands(total as i64));
    if let Some(wait) = progress.paused_for {
        text.push_str(&format!("; the API asked to wait {} s", wait.as_secs().max(1)));
    } else if let Some(left) = time_left(finished as u64, total as u64, elapsed) {
        text.push_str(&left);
    }
    text.push('…');
    text
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Epoch ms of local midnight starting `yyyy-mm-dd` (a date input's value),
/// at `offset_minutes` from UTC; `None` when the text is not such a date.
pub fn parse_date(text: &str, offset_minutes: i64) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if civil_from_days(days) != (year, month, day) {
        return None;
    }
    Some((days * 86_400 - offset_minutes * 60) * 1000)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_the_given_time_zone() {
        // The reference's example account: 2023-01-02T05:45:31Z.
        assert_eq!(date_time(1_672_638_331_042, 0), "2023-01-02 05:45");
        assert_eq!(date_time(1_672_638_331_042, 330), "2023-01-02 11:15");
        assert_eq!(date_time(1_672_638_331_042, -360), "2023-01-01 23:45");
        assert_eq!(date(0, 0), "1970-01-01");
        assert_eq!(date_time(951_782_400_000, 0), "2000-02-29 00:00");
    }

    #[test]
    fn date_inputs_parse_to_local_midnight() {
        assert_eq!(parse_date("2023-01-02", 0), Some(1_672_617_600_000));
        assert_eq!(parse_date("2023-01-02", 60), Some(1_672_617_600_000 - 3_600_000));
        assert_eq!(parse_date("2023-02-30", 0), None);
        assert_eq!(parse_date("yesterday", 0), None);
        assert_eq!(parse_date("", 0), None);
        for ms in [0, 951_782_400_000, 1_672_617_600_000] {
            assert_eq!(parse_date(&date(ms, 0), 0), Some(ms), "round trip");
        }
    }

    #[test]
    fn ages_read_naturally() {
        let now = 1_700_000_000_000;
        assert_eq!(relative_age(now - 10_000, now), "just now");
        assert_eq!(relative_age(now - 60_000, now), "1 minute ago");
        assert_eq!(relative_age(now - 5 * 3_600_000, now), "5 hours ago");
        assert_eq!(relative_age(now - 3 * 86_400_000, now), "3 days ago");
        assert_eq!(relative_age(now - 400 * 86_400_000, now), "1 year ago");
        assert_eq!(relative_age(now + 2 * 3_600_000, now), "in 2 hours");
    }

    #[test]
    fn the_time_left_is_told_in_minutes_once_it_can_be() {
        let secs = Duration::from_secs;
        for (done, total, elapsed, expected) in [
            (0, 5000, secs(10), None),
            (10, 5000, secs(1), None),
            (1000, 5000, secs(10), Some(", less than a minute left")),
            (1000, 5000, secs(100), Some(", about 7 min left")),
            (5000, 5000, secs(100), None),
            (6000, 5000, secs(100), None),
        ] {
            assert_eq!(time_left(done, total, elapsed).as_deref(), expected, "{done} of {total}");
        }
    }

    #[test]
    fn progress_tells_the_time_left_once_it_can() {
        let at = |finished, total, paused_for| Progress { total, done: finished, failed: 0, paused_for };
        let secs = Duration::from_secs;
        for (progress, elapsed, expected) in [
            (at(0, 5000, None), secs(0), "0 of 5,000…"),
            (at(10, 5000, None), secs(1), "10 of 5,000…"),
            (at(1000, 5000, None), secs(10), "1,000 of 5,000, less than a minute left…"),
            (at(1000, 5000, None), secs(100), "1,000 of 5,000, about 7 min left…"),
            (at(1000, 5000, Some(secs(30))), secs(100), "1,000 of 5,000; the API asked to wait 30 s…"),
            (at(5000, 5000, None), secs(100), "5,000 of 5,000…"),
        ] {
            assert_eq!(progress_text(progress, elapsed), expected);
        }
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(-12_345_678), "-12,345,678");
    }
}

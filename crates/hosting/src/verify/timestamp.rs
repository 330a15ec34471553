//! `request.timestamp`: parsing ISO 8601 and the tolerance check.

use std::time::{Duration, SystemTime};

use alexa_model::RequestEnvelope;

use super::error::{VerifyError, VerifyErrorKind};

/// How far `request.timestamp` may be from now: 150 seconds.
pub const TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(150);

/// How far the timestamp of an `AlexaSkillEvent.*` request (permission, enablement and account
/// linking events, which Alexa may deliver late) may be from now: one hour.
pub const SKILL_EVENT_TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(3600);

/// Checks `request.timestamp` against `now`: at most [`TIMESTAMP_TOLERANCE`] away (either way),
/// or [`SKILL_EVENT_TIMESTAMP_TOLERANCE`] for `AlexaSkillEvent.*` requests. A difference of
/// exactly the tolerance passes.
pub(crate) fn check(envelope: &RequestEnvelope, now: SystemTime) -> Result<(), VerifyError> {
    let request = &envelope.request;
    let text =
        request.timestamp().ok_or_else(|| VerifyError::new(VerifyErrorKind::MissingTimestamp))?;
    let at = alexa_model::parse_timestamp(text)
        .ok_or_else(|| VerifyError::new(VerifyErrorKind::InvalidTimestamp))?;
    let tolerance = if request.request_type().starts_with("AlexaSkillEvent.") {
        SKILL_EVENT_TIMESTAMP_TOLERANCE
    } else {
        TIMESTAMP_TOLERANCE
    };
    let distance = match now.duration_since(at) {
        Ok(past) => past,
        Err(future) => future.duration(),
    };
    if distance > tolerance {
        return Err(VerifyError::new(VerifyErrorKind::TimestampOutOfRange { tolerance }));
    }
    Ok(())
}

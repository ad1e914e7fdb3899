//! The CRM's own word: a status that says junk, spam or fake marks the lead junk.

use super::{reason, rules};
use crate::metrics::junk::LeadText;

#[test]
fn a_status_that_says_junk_marks_the_lead_junk_before_any_guess() {
    let lead = |status: &'static str| LeadText {
        name: Some("Mickey Mouse"),
        status: Some(status),
        ..LeadText::default()
    };
    assert_eq!(
        rules().check(&lead("Junk Lead")),
        reason("marked junk in the CRM", r#"status "Junk Lead" says so"#)
    );
    assert_eq!(
        rules().check(&lead("SPAM")).map(|r| r.code),
        Some("marked junk in the CRM")
    );
    assert_eq!(
        rules().check(&lead("Fake-entry")).map(|r| r.code),
        Some("marked junk in the CRM")
    );
    // A word that only contains one of them is not a mark; the name rule then decides.
    assert_eq!(
        rules().check(&lead("Junkyard visit")).map(|r| r.code),
        Some("fake name")
    );
}

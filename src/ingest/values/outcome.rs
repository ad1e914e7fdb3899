//! Stage and status outcomes: whether a deal or lead stage means won, lost or still open.

/// Where a stage or status leaves a deal or lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Neither won nor lost.
    Open,
    /// Won: a sale.
    Won,
    /// Lost, disqualified or junk.
    Lost,
}

/// Classifies a stage or status value.
///
/// Values and list entries are compared as words: letters and digits, split at anything
/// else (spaces, punctuation), in any case. The value is [`Outcome::Won`] if one `won` entry's
/// words occur in the value's words, in order and next to each other (so `won` matches
/// `Closed Won` and `Deal won!`, but not `Wonder`); otherwise [`Outcome::Lost`] if a `lost`
/// entry does; otherwise [`Outcome::Open`]. Won is checked first. With the defaults,
/// `Closed Won` is won, `Closed-Lost to Competition` is lost and `Negotiation/Review` is open.
/// Does not allocate.
#[must_use]
pub fn outcome(value: &str, won: &[String], lost: &[String]) -> Outcome {
    if won.iter().any(|entry| contains_words(value, entry)) {
        Outcome::Won
    } else if lost.iter().any(|entry| contains_words(value, entry)) {
        Outcome::Lost
    } else {
        Outcome::Open
    }
}

pub use crate::config::{default_lost_stages, default_won_stages};

fn words(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

fn same_word(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || (!a.is_ascii()
            && a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase)))
}

/// Whether the words of `entry` occur in `value`, consecutive and in order.
fn contains_words(value: &str, entry: &str) -> bool {
    let Some(first) = words(entry).next() else {
        return false;
    };
    let mut value_words = words(value);
    loop {
        // Find the next occurrence of the entry's first word, then check the rest follows.
        if !value_words.any(|word| same_word(word, first)) {
            return false;
        }
        let mut following = value_words.clone();
        if words(entry)
            .skip(1)
            .all(|word| following.next().is_some_and(|next| same_word(next, word)))
        {
            return true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(value: &str) -> Outcome {
        outcome(value, &default_won_stages(), &default_lost_stages())
    }

    #[test]
    fn default_stages_classify_common_crm_values() {
        for won in [
            "Closed Won",
            "closedwon",
            "Won",
            "Deal won!",
            "Customer",
            "Churned Customer",
        ] {
            assert_eq!(classify(won), Outcome::Won, "{won:?}");
        }
        for lost in [
            "Closed Lost",
            "Closed-Lost to Competition",
            "closedlost",
            "Lost Lead",
            "Disqualified",
            "Not Qualified",
            "Closed - Not Converted",
            "Out-Sold",
            "Canceled",
        ] {
            assert_eq!(classify(lost), Outcome::Lost, "{lost:?}");
        }
        // "Junk Lead" is no outcome: the status marks the lead junk (metrics/junk.rs).
        for open in [
            "Junk Lead",
            "Negotiation/Review",
            "Qualification",
            "Pre Qualified",
            "Needs Analysis",
            "Proposal/Price Quote",
            "Closed - Converted",
            "Not Contacted",
            "Closed",
            "",
        ] {
            assert_eq!(classify(open), Outcome::Open, "{open:?}");
        }
    }

    #[test]
    fn matches_whole_words_only() {
        let won = ["won".to_string()];
        assert_eq!(outcome("Wonderful", &won, &[]), Outcome::Open);
        assert_eq!(outcome("Closed_Won", &won, &[]), Outcome::Won);
        assert_eq!(outcome("closed.won", &won, &[]), Outcome::Won);
    }

    #[test]
    fn multi_word_entry_needs_its_words_together_and_in_order() {
        let lost = ["not qualified".to_string()];
        assert_eq!(outcome("Lead - NOT  qualified", &[], &lost), Outcome::Lost);
        assert_eq!(outcome("Qualified, not", &[], &lost), Outcome::Open);
        assert_eq!(outcome("Not yet qualified", &[], &lost), Outcome::Open);
        assert_eq!(outcome("not not qualified", &[], &lost), Outcome::Lost);
    }

    #[test]
    fn won_is_checked_before_lost() {
        assert_eq!(classify("Won/Lost"), Outcome::Won);
    }

    #[test]
    fn compares_non_ascii_words_without_case() {
        let won = ["GEWONNEN".to_string(), "ÉXITO".to_string()];
        assert_eq!(outcome("Abgeschlossen – gewonnen", &won, &[]), Outcome::Won);
        assert_eq!(outcome("éxito", &won, &[]), Outcome::Won);
    }

    #[test]
    fn blank_entries_match_nothing() {
        let won = [String::new(), " - ".to_string()];
        assert_eq!(outcome("Closed Won", &won, &[]), Outcome::Open);
    }
}

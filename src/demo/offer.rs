//! The offers a lead can ask for and what each one implies: share, fakes, cadence, sources.

/// The kind of content a lead asked for; it drives fakes, cadence and conversion.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Offer {
    WhitePaper,
    Trial,
    Webinar,
    ContactUs,
}

/// Offers with their share of leads: trial downloads are 60% fewer than white papers.
pub(crate) const OFFERS: [(Offer, f64); 4] = [
    (Offer::WhitePaper, 45.0),
    (Offer::Trial, 18.0),
    (Offer::Webinar, 20.0),
    (Offer::ContactUs, 17.0),
];

impl Offer {
    /// The offer as the CRM spells it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Offer::WhitePaper => "White Paper",
            Offer::Trial => "Trial Download",
            Offer::Webinar => "Webinar Registration",
            Offer::ContactUs => "Contact Us",
        }
    }

    /// Share of this offer's leads that are fake ("mickey mouse").
    pub(crate) fn fake_rate(self) -> f64 {
        match self {
            Offer::WhitePaper => 0.30,
            Offer::Trial => 0.10,
            Offer::Webinar => 0.15,
            Offer::ContactUs => 0.05,
        }
    }

    /// Chance that a touched real lead becomes an opportunity (before the rep's factor).
    pub(crate) fn conversion(self) -> f64 {
        match self {
            Offer::WhitePaper => 0.11,
            Offer::Trial => 0.30,
            Offer::Webinar => 0.16,
            Offer::ContactUs => 0.22,
        }
    }

    /// Chance that an opportunity from this offer is won once closed.
    pub(crate) fn win_rate(self) -> f64 {
        match self {
            Offer::WhitePaper => 0.32,
            Offer::Trial => 0.62,
            Offer::Webinar => 0.4,
            Offer::ContactUs => 0.48,
        }
    }

    /// Follow-up steps: activity type and hours after creation it is due (`001`'s cadence).
    pub(crate) fn cadence(self) -> &'static [(&'static str, f64)] {
        match self {
            // Calls at 24 h and 72 h, an email on day 5, an email two days before day 14.
            Offer::Trial => &[
                ("Call", 24.0),
                ("Call", 72.0),
                ("Email", 120.0),
                ("Email", 288.0),
            ],
            Offer::WhitePaper => &[("Email", 72.0), ("Call", 168.0)],
            Offer::Webinar => &[("Email", 48.0), ("Call", 120.0)],
            Offer::ContactUs => &[("Call", 24.0), ("Email", 72.0)],
        }
    }

    /// Lead sources with weights, given the offer.
    pub(crate) fn sources(self) -> &'static [(&'static str, f64)] {
        match self {
            Offer::WhitePaper => &[
                ("Web Form", 35.0),
                ("Paid Search", 35.0),
                ("Partner", 10.0),
                ("Trade Show", 12.0),
                ("Referral", 5.0),
                ("Webinar", 3.0),
            ],
            Offer::Trial => &[
                ("Web Form", 45.0),
                ("Paid Search", 35.0),
                ("Referral", 10.0),
                ("Partner", 10.0),
            ],
            Offer::Webinar => &[("Webinar", 85.0), ("Partner", 10.0), ("Paid Search", 5.0)],
            Offer::ContactUs => &[
                ("Web Form", 30.0),
                ("Trade Show", 25.0),
                ("Referral", 20.0),
                ("Cold Call", 15.0),
                ("Partner", 10.0),
            ],
        }
    }
}

//! The yearly projection (in progress: returns an empty projection).
use super::{Dataset, Projection, Scenario};

/// Projects a scenario.
pub fn project(data: &Dataset, scenario: &Scenario) -> Projection {
    Projection {
        base_year: data.base_year,
        horizon: scenario.horizon,
        series: Vec::new(),
        summaries: Vec::new(),
        gaps: Vec::new(),
        warnings: Vec::new(),
    }
}

//! The charts: the numbers every chart draws, the tab registry, plotting and export.

pub mod chart_data;
pub(crate) mod charts;
pub mod export_chart;
pub mod scene_ui;
pub mod tabs;
pub mod tile_map;

//! The Uncertainty tab (不确定性): fan chart of the balance, P(depletion by year), tornado of
//! months of reserve in 2035, and the goal-seek (求解) form. Computation is in
//! [`crate::app::uncertainty`]; this file only draws and pushes [`Command`]s.

use crate::app::format;
use crate::app::i18n::{T, fill};
use crate::app::panels::target_form::{TargetForm, target_form_ui};
use crate::app::plots::charts::fill_between;
use crate::app::plots::scene_ui;
use crate::app::session::command::Command;
use crate::app::session::uncertainty::{APP_DRAWS, APP_SEED, Analysis, Key, TORNADO_YEAR};
use crate::app::theme;
use crate::app::yibao_app::YibaoApp;
use crate::model::solve::solvable;
use crate::model::{LEVERS, Lever};
use crate::render::{self, Chart};
use crate::report::uncertainty as files;
use eframe::egui;
use egui_plot::{Line, Plot, PlotPoints};

/// The key of what the tab shows now.
pub fn current_key(app: &YibaoApp) -> Key {
    Key {
        scenario: app.state.scenario.clone(),
        unit: app.unit().to_owned(),
        fund: app.fund(),
        data: app.state.data_id,
    }
}

/// Draws the tab.
pub fn uncertainty_ui(ui: &mut egui::Ui, app: &YibaoApp, out: &mut Vec<Command>) {
    let lang = app.lang();
    let key = current_key(app);
    let u = &app.uncertainty;
    let shown = u.current(&key);
    // Wrapped: the note is long in English, and the progress bar and its Cancel button must
    // stay inside a 1024-wide window while the draws run.
    ui.horizontal_wrapped(|ui| {
        ui.label(fill(
            T::UncertaintyNote.get(lang),
            &[&APP_DRAWS.to_string()],
        ));
        if let Some(f) = u.progress() {
            ui.add(
                egui::ProgressBar::new(f as f32)
                    .desired_width(160.0)
                    .show_percentage(),
            );
            if ui.button(T::Cancel.get(lang)).clicked() {
                out.push(Command::CancelUncertainty);
            }
        } else if u.is_stopped(&key) {
            ui.label(T::UncertaintyStopped.get(lang));
            if ui.button(T::Recompute.get(lang)).clicked() {
                out.push(Command::ResumeUncertainty);
            }
        }
    });
    if shown.is_none() && u.progress().is_none() && !u.is_stopped(&key) {
        out.push(Command::RefreshUncertainty);
    }
    solve_ui(ui, app, &key, out);
    ui.separator();
    let Some(a) = shown else {
        ui.label(T::Computing.get(lang));
        return;
    };
    let h = ((ui.available_height() - 80.0) / 2.0).max(140.0);
    ui.columns(2, |c| {
        fan_ui(&mut c[0], app, a, h, out);
        depletion_ui(&mut c[1], app, a, h, out);
    });
    tornado_ui(ui, app, a, h, out);
}

/// The tab's charts as files: 0 the fan with the assumption sets, 1 P(depleted by year),
/// 2 the tornado; `None` until the analysis of what the tab shows is there.
pub fn uncertainty_chart(app: &YibaoApp, n: usize) -> Option<Chart> {
    let key = current_key(app);
    let a = app.uncertainty.current(&key)?;
    let lang = app.lang();
    let rlang = lang;
    let state = app.state();
    let texts = files::Texts {
        unit_name: app.unit_name(&key.unit),
        fund: key.fund,
        scenario: crate::app::session::changes::shown_title(&state.scenario.title, lang).to_owned(),
        footer: crate::report::footer(&state.dataset, &state.scenario, rlang),
        lang: rlang,
        draws: APP_DRAWS,
        seed: APP_SEED,
    };
    match n {
        0 => {
            let overlays =
                files::overlays(rlang, a.deterministic.clone(), a.assumption_sets.clone());
            Some(files::fan_chart(&a.fan, &overlays, &texts))
        }
        1 if a.fan.fund != crate::model::Fund::EmployeeAccounts => {
            Some(files::depletion_chart(&a.fan, &texts))
        }
        2 => {
            let metric = if lang.is_zh() {
                format!("{TORNADO_YEAR}年可支付月数")
            } else {
                format!("months of reserve in {TORNADO_YEAR}")
            };
            Some(files::tornado_chart(
                &a.tornado,
                &metric,
                render::Quantity::Months,
                &texts,
            ))
        }
        _ => None,
    }
}

/// A panel's title with its copy and export buttons (chart `n` of [`uncertainty_chart`]).
fn title_row(ui: &mut egui::Ui, app: &YibaoApp, title: &str, n: usize, out: &mut Vec<Command>) {
    crate::app::plots::charts::title_row_ui(ui, title, None, Some((n, true, out)), app.lang());
}

fn fan_ui(ui: &mut egui::Ui, app: &YibaoApp, a: &Analysis, height: f32, out: &mut Vec<Command>) {
    let lang = app.lang();
    title_row(ui, app, T::FanTitle.get(lang), 0, out);
    let f = &a.fan;
    let years: Vec<f64> = f.years.iter().map(|y| f64::from(*y)).collect();
    // `[year, upper, lower]` between two percentiles (indices into 5, 25, 50, 75, 95).
    let band = |lo: usize, hi: usize| -> Vec<[f64; 3]> {
        years
            .iter()
            .zip(&f.balance)
            .map(|(x, p)| [*x, p[hi], p[lo]])
            .collect()
    };
    // The legend as a row above the plot, never over the bands (the widest, at the right,
    // is where a corner legend would sit).
    let outer = theme::faint(theme::SCENARIO);
    let inner = outer.gamma_multiply(2.0);
    let median_color = egui::Color32::from_rgb(0x0b, 0x3d, 0x7a);
    ui.horizontal_wrapped(|ui| {
        use crate::render::{Key, Stroke};
        ui.spacing_mut().item_spacing.x = 12.0;
        for (key, color, name) in [
            (Key::Box, outer, T::Band5to95),
            (Key::Box, inner, T::Band25to75),
            (Key::Line(Stroke::Solid), median_color, T::Median),
            (Key::Line(Stroke::Solid), theme::REFERENCE, T::Deterministic),
            (Key::Line(Stroke::Dashed), theme::GOOD, T::LowCost),
            (Key::Line(Stroke::Dashed), theme::DANGER, T::HighCost),
        ] {
            crate::app::plots::charts::legend_entry_ui(ui, key, color, name.get(lang));
        }
    });
    let height = (height - 20.0).max(80.0);
    Plot::new("uncertainty_fan")
        .height(height)
        .y_axis_formatter(|m, _| format::grouped(m.value, 0))
        .allow_scroll(false)
        .show(ui, |plot| {
            fill_between(plot, T::Band5to95.get(lang), &band(0, 4), outer, outer);
            fill_between(plot, T::Band25to75.get(lang), &band(1, 3), inner, inner);
            let median: PlotPoints = years
                .iter()
                .zip(&f.balance)
                .map(|(x, p)| [*x, p[2]])
                .collect();
            // Darker than the bands it runs through, so that it stays visible inside them.
            plot.line(
                Line::new(T::Median.get(lang), median)
                    .color(median_color)
                    .width(2.5),
            );
            let det: PlotPoints = years
                .iter()
                .zip(&a.deterministic)
                .map(|(x, v)| [*x, *v])
                .collect();
            plot.line(Line::new(T::Deterministic.get(lang), det).color(theme::REFERENCE));
            for (name, values, color) in [
                (T::LowCost, &a.assumption_sets[0], theme::GOOD),
                (T::HighCost, &a.assumption_sets[1], theme::DANGER),
            ] {
                let pts: PlotPoints = years.iter().zip(values).map(|(x, v)| [*x, *v]).collect();
                plot.line(
                    Line::new(name.get(lang), pts)
                        .color(color)
                        .style(egui_plot::LineStyle::dashed_dense()),
                );
            }
        });
}

fn depletion_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    a: &Analysis,
    height: f32,
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    if a.fan.fund == crate::model::Fund::EmployeeAccounts {
        // The accounts cannot be overdrawn: no depletion to give a probability of.
        ui.label(egui::RichText::new(T::DepletionProbability.get(lang)).strong());
        ui.label(egui::RichText::new(T::AccountsNoDepletion.get(lang)).weak());
        return;
    }
    title_row(ui, app, T::DepletionProbability.get(lang), 1, out);
    let pts: PlotPoints = a
        .fan
        .years
        .iter()
        .zip(&a.fan.p_depleted)
        .map(|(y, p)| [f64::from(*y), p * 100.0])
        .collect();
    Plot::new("uncertainty_depletion")
        .height(height)
        .include_y(0.0)
        .include_y(100.0)
        .y_axis_formatter(|m, _| format!("{:.0}%", m.value))
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(Line::new(T::DepletionProbability.get(lang), pts).color(theme::DANGER));
        });
}

fn tornado_ui(
    ui: &mut egui::Ui,
    app: &YibaoApp,
    a: &Analysis,
    height: f32,
    out: &mut Vec<Command>,
) {
    let lang = app.lang();
    let t = &a.tornado;
    let title = fill(
        T::TornadoTitle.get(lang),
        &[&TORNADO_YEAR.to_string(), &format::grouped(t.base, 1)],
    );
    title_row(ui, app, &title, 2, out);
    let shown = files::shown_bars(t);
    if shown.is_empty() {
        // Nothing to draw: say why rather than show an empty axis.
        ui.label(
            egui::RichText::new(fill(T::TornadoFlat.get(lang), &[&TORNADO_YEAR.to_string()]))
                .weak(),
        );
        return;
    }
    // The tornado as its file draws it: laid out once by the renderer, painted by the scene
    // backend (the exported PNG/SVG is this picture).
    let Some(chart) = uncertainty_chart(app, 2) else {
        return;
    };
    let size = egui::vec2(
        ui.available_width().max(300.0),
        ui.available_height().max(height),
    );
    scene_ui::chart_ui(ui, &chart, size, &title);
}

const SOLVE_LEVER: &str = "uncertainty_solve_lever";
const SOLVE_TARGET: &str = "uncertainty_solve_target";

/// The goal-seek form: a lever and a target (fund, measure, ≥/≤, value, year), 求解; the
/// answer shows whether it is current, and a solved value can be applied as an undoable edit.
fn solve_ui(ui: &mut egui::Ui, app: &YibaoApp, key: &Key, out: &mut Vec<Command>) {
    let lang = app.lang();
    let lever_id = ui.make_persistent_id(SOLVE_LEVER);
    let target_id = ui.make_persistent_id(SOLVE_TARGET);
    let mut lever = ui
        .data(|d| d.get_temp::<usize>(lever_id))
        .unwrap_or(Lever::ResidentPremium as usize);
    let horizon = app.state.scenario.horizon;
    let mut form = ui
        .data(|d| d.get_temp::<TargetForm>(target_id))
        .unwrap_or_else(|| TargetForm::new(horizon));
    ui.horizontal(|ui| {
        let label = ui.label(T::SolveLever.get(lang));
        egui::ComboBox::from_id_salt("solve_lever")
            .selected_text(LEVERS[lever].label(lang.is_zh()))
            .width(200.0)
            .show_ui(ui, |ui| {
                for d in LEVERS.iter().filter(|d| solvable(d.lever)) {
                    ui.selectable_value(&mut lever, d.lever as usize, d.label(lang.is_zh()));
                }
            })
            .response
            .labelled_by(label.id);
        ui.label(egui::RichText::new(T::SolveTarget.get(lang)).strong());
    });
    target_form_ui(ui, &mut form, key.fund, horizon, lang, SOLVE_TARGET);
    ui.horizontal(|ui| {
        let busy = app.uncertainty.is_solving();
        if ui
            .add_enabled(!busy, egui::Button::new(T::Solve.get(lang)))
            .clicked()
        {
            out.push(Command::Solve {
                lever: LEVERS[lever].lever,
                province: None,
                target: form.target(key.fund),
            });
        }
        if busy {
            ui.spinner();
        }
    });
    ui.data_mut(|d| {
        d.insert_temp(lever_id, lever);
        d.insert_temp(target_id, form);
    });
    if let Some(answer) = &app.uncertainty.answer {
        crate::app::panels::solve_popup::answer_ui(ui, answer, key, lang, out);
    }
}

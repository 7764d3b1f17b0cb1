//! Speed of the app's answer to one lever change (issue 23 target: median under 8 ms on one
//! core): the premium slider set through the accessibility tree, then frames until the app is
//! idle again — the new projection, the chart data and the layout of every panel (egui_kittest
//! lays out and tessellates; no GPU). The slider alternates between two values so that every
//! iteration projects anew. Rayon's global pool has one thread (the harness cannot move into
//! another pool).

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use yibao::app::YibaoApp;

fn harness() -> Harness<'static, YibaoApp> {
    let app = YibaoApp::for_tests().expect("embedded data loads");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_context_setup(yibao::app::fonts::install)
        .build_ui_state(|ui, app: &mut YibaoApp| app.ui(ui), app);
    h.run();
    h
}

fn lever_change(c: &mut Criterion) {
    // Fails only if the global pool already exists; it then keeps its threads.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    let mut h = harness();
    let mut value = 500.0;
    let mut g = c.benchmark_group("app");
    g.sample_size(30);
    g.bench_function("lever change to finished frame, one thread", |b| {
        b.iter(|| {
            value = if value == 500.0 { 450.0 } else { 500.0 };
            h.get_by_role_and_label(egui::accesskit::Role::Slider, "居民个人缴费")
                .set_value_accesskit(value);
            h.run();
        })
    });
    g.finish();
    let premium = h
        .state()
        .state()
        .scenario
        .levers
        .get("resident.premium")
        .map(|p| p.keys().values().copied().collect::<Vec<_>>());
    assert!(
        matches!(premium.as_deref(), Some([v]) if *v == value),
        "the slider wrote the last premium: {premium:?}"
    );
}

criterion_group!(benches, lever_change);
criterion_main!(benches);

//! A few hundred kill -9s of a store writer; `kioskctl store crash-test --kills 5000` is the
//! longer stress run.

use std::process::Command;

#[test]
fn every_reported_commit_survives_kill_9() {
    let kills = std::env::var("CRASH_TEST_KILLS").unwrap_or_else(|_| "300".into());
    let output = Command::new(env!("CARGO_BIN_EXE_kioskctl"))
        .args(["store", "crash-test", "--kills", &kills])
        .output()
        .expect("kioskctl runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "crash test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(&format!("{kills} kills")), "{stdout}");
    eprintln!("{stdout}");
}

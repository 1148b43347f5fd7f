//! NotSent, Uncertain and Refused against servers that fail on purpose (no CUPS needed): the
//! line is whether the request could have reached the server.

use std::time::Duration;

use bytes::Bytes;
use ipp::{
    attribute::IppAttribute,
    model::{DelimiterTag, IppVersion, StatusCode},
    request::IppRequestResponse,
    value::IppValue,
};
use kiosk_print::{
    IppStatus, JobId, PrintError, PrintUser, Printer, Refusal, SubmitError, TransportError,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

const PDF: &[u8] = b"%PDF-1.4\n% a test document\n%%EOF\n";

/// What the fake server does with the one connection it takes.
#[derive(Clone)]
enum Behaviour {
    /// Closes the connection at once, reading nothing.
    CloseAtOnce,
    /// Reads the whole request, then closes without answering.
    ReadThenClose,
    /// Reads the whole request and never answers.
    ReadThenHang,
    /// Reads the whole request and sends this HTTP answer.
    Answer(Vec<u8>),
}

/// A server for one connection; returns the printer's URI and what the server received.
async fn serve(behaviour: Behaviour) -> (String, tokio::task::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        if matches!(behaviour, Behaviour::CloseAtOnce) {
            return Vec::new();
        }
        let received = read_request(&mut stream).await;
        match behaviour {
            Behaviour::CloseAtOnce | Behaviour::ReadThenClose => {}
            Behaviour::ReadThenHang => tokio::time::sleep(Duration::from_secs(30)).await,
            Behaviour::Answer(answer) => {
                stream.write_all(&answer).await.expect("answer");
                let _ = stream.shutdown().await;
            }
        }
        received
    });
    (format!("ipp://127.0.0.1:{port}/printers/Fake"), task)
}

/// Head and body of one HTTP request with a Content-Length.
async fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut data = Vec::new();
    let mut buf = [0_u8; 8192];
    loop {
        let n = stream.read(&mut buf).await.expect("read");
        if n == 0 {
            return data;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return data;
            }
        }
    }
}

fn http_ok(body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

fn ipp_answer(status: StatusCode, job_id: Option<i32>) -> Bytes {
    let mut response =
        IppRequestResponse::new_response(IppVersion::v1_1(), status, 1).expect("response");
    if let Some(id) = job_id {
        response.attributes_mut().add(
            DelimiterTag::JobAttributes,
            IppAttribute::with_name("job-id", IppValue::Integer(id)).expect("attribute"),
        );
    }
    response.to_bytes()
}

fn printer(uri: &str) -> Printer {
    Printer::new(uri, PrintUser::of_this_process().expect("user"))
        .expect("uri")
        .with_timeouts(Duration::from_secs(2), Duration::from_millis(700))
}

async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn a_closed_port_is_not_sent_and_unreachable() {
    let uri = format!("ipp://127.0.0.1:{}/printers/x", closed_port().await);
    let printer = printer(&uri);
    let err = printer.submit(PDF, "Test").await.expect_err("closed");
    assert!(
        matches!(err, SubmitError::NotSent(TransportError::Connect { .. })),
        "{err:?}"
    );
    assert!(err.nothing_printed());
    assert!(err.to_string().contains("nothing was printed"), "{err}");
    let err = printer.status().await.expect_err("closed");
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains("lpstat -r"), "{err}");
    let err = printer.job(JobId(1)).await.expect_err("closed");
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err:?}");
}

#[tokio::test]
async fn an_unknown_host_is_not_sent() {
    let err = printer("ipp://kiosk-printer.invalid/printers/x")
        .submit(PDF, "Test")
        .await
        .expect_err("no such host");
    assert!(
        matches!(
            err,
            SubmitError::NotSent(
                TransportError::Resolve { .. } | TransportError::ConnectTimeout { .. }
            )
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_tls_handshake_that_fails_is_not_sent() {
    let (uri, server) = serve(Behaviour::CloseAtOnce).await;
    let uri = uri.replacen("ipp://", "ipps://", 1);
    let err = printer(&uri).submit(PDF, "Test").await.expect_err("no TLS");
    assert!(
        matches!(err, SubmitError::NotSent(TransportError::Tls { .. })),
        "{err:?}"
    );
    assert!(server.await.expect("server").is_empty());
}

#[tokio::test]
async fn a_connection_lost_after_the_request_is_uncertain() {
    let (uri, server) = serve(Behaviour::ReadThenClose).await;
    let err = printer(&uri).submit(PDF, "Test").await.expect_err("lost");
    assert!(
        matches!(err, SubmitError::Uncertain(TransportError::Lost { .. })),
        "{err:?}"
    );
    assert!(!err.nothing_printed());
    assert!(err.to_string().contains("do not print it again"), "{err}");
    let received = server.await.expect("server");
    assert!(received.ends_with(PDF), "the whole request had arrived");
}

#[tokio::test]
async fn a_connection_closed_at_once_is_uncertain_too() {
    // The connection stood: the request may have been read before the close.
    let (uri, _server) = serve(Behaviour::CloseAtOnce).await;
    let err = printer(&uri).submit(PDF, "Test").await.expect_err("closed");
    assert!(matches!(err, SubmitError::Uncertain(_)), "{err:?}");
}

#[tokio::test]
async fn no_answer_in_time_is_uncertain() {
    let (uri, _server) = serve(Behaviour::ReadThenHang).await;
    let err = printer(&uri)
        .submit(PDF, "Test")
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            err,
            SubmitError::Uncertain(TransportError::AnswerTimeout { .. })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unreadable_answer_is_uncertain() {
    let (uri, _server) = serve(Behaviour::Answer(http_ok(b"<html>hello</html>"))).await;
    let err = printer(&uri)
        .submit(PDF, "Test")
        .await
        .expect_err("garbage");
    assert!(
        matches!(err, SubmitError::Uncertain(TransportError::BadAnswer(_))),
        "{err:?}"
    );
    let (uri, _server) = serve(Behaviour::Answer(http_ok(&ipp_answer(
        StatusCode::SuccessfulOk,
        None,
    ))))
    .await;
    let err = printer(&uri)
        .submit(PDF, "Test")
        .await
        .expect_err("no job id");
    assert!(
        matches!(err, SubmitError::Uncertain(TransportError::BadAnswer(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_error_answer_is_uncertain_but_a_client_error_is_refused() {
    let answer = |code: &str| {
        Behaviour::Answer(
            format!("HTTP/1.1 {code}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .into_bytes(),
        )
    };
    let (uri, _server) = serve(answer("403 Forbidden")).await;
    let err = printer(&uri).submit(PDF, "Test").await.expect_err("403");
    assert!(
        matches!(err, SubmitError::Refused(Refusal::Http(403))),
        "{err:?}"
    );
    let (uri, _server) = serve(answer("502 Bad Gateway")).await;
    let err = printer(&uri).submit(PDF, "Test").await.expect_err("502");
    assert!(
        matches!(err, SubmitError::Uncertain(TransportError::HttpStatus(502))),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_ipp_error_is_refused_and_success_names_the_job() {
    let refusal = ipp_answer(StatusCode::ServerErrorNotAcceptingJobs, None);
    let (uri, _server) = serve(Behaviour::Answer(http_ok(&refusal))).await;
    let err = printer(&uri)
        .submit(PDF, "Test")
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            SubmitError::Refused(Refusal::Ipp(IppStatus::NOT_ACCEPTING_JOBS))
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("server-error-not-accepting-jobs"),
        "{err}"
    );

    let ok = ipp_answer(StatusCode::SuccessfulOk, Some(42));
    let (uri, server) = serve(Behaviour::Answer(http_ok(&ok))).await;
    let job = printer(&uri)
        .submit(PDF, "Bescheinigung 3f2a")
        .await
        .expect("submitted");
    assert_eq!(job, JobId(42));
    let received = server.await.expect("server");
    let head = String::from_utf8_lossy(
        &received[..received
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("head")],
    )
    .to_ascii_lowercase();
    assert!(head.starts_with("post /printers/fake http/1.1"), "{head}");
    assert!(head.contains("content-type: application/ipp"), "{head}");
    assert!(received.ends_with(PDF));
    let body = String::from_utf8_lossy(&received);
    assert!(
        body.contains("Bescheinigung 3f2a")
            && body.contains("kiosk")
            && body.contains("application/pdf")
    );
}

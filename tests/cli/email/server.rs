//! A real SMTP server for the tests, on 127.0.0.1 with an ephemeral port: mailin's SMTP state
//! machine behind a thread per connection, with rustls for STARTTLS and implicit TLS. It keeps
//! what it receives in memory, can require a login, refuse given recipients, and fail a given
//! message once (a 451 reply, or a dropped connection) to exercise retries. It records every
//! command a client sent before TLS was up, so a test can check that no AUTH went in clear.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder, response};

/// How the server speaks TLS.
#[derive(Debug, Clone)]
pub enum Tls {
    /// Plain connection, STARTTLS offered (and AUTH offered before it, as a careless relay
    /// does, so that a client that logs in before STARTTLS would get through).
    Starttls(Arc<rustls::ServerConfig>),
    /// TLS from the first byte.
    Implicit(Arc<rustls::ServerConfig>),
}

/// How a message fails the first time it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// "451 Aborted: local error in processing" after the data.
    Transient,
    /// The connection is dropped after the data, with no reply.
    Reset,
}

/// What the server accepts.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// User and password it requires; no AUTH when `None`.
    pub login: Option<(String, String)>,
    /// Recipients it refuses with 550.
    pub refuse: Vec<String>,
    /// TLS; none when `None`.
    pub tls: Option<Tls>,
    /// The n-th message (1 = the first that reaches the end of its data) fails once so.
    pub fail_once: Option<(usize, Failure)>,
}

/// One message as it arrived: envelope and DATA.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

/// A running server; it lives until the test process ends.
pub struct Server {
    pub port: u16,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    inbox: Mutex<Vec<Received>>,
    /// The command verbs clients sent before TLS ("EHLO", "STARTTLS", ...).
    in_clear: Mutex<Vec<String>>,
    /// Messages that reached the end of their data, failed or not.
    data_ends: AtomicUsize,
    /// Set by the handler: drop the connection now, without a reply.
    failed_once: AtomicBool,
}

#[derive(Clone)]
struct Session {
    rules: Arc<Rules>,
    state: Arc<State>,
    current: Option<Received>,
    drop_now: Arc<AtomicBool>,
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        if self.rules.refuse.iter().any(|r| r == to) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: Vec::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            current.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let n = self.state.data_ends.fetch_add(1, Ordering::SeqCst) + 1;
        let current = self.current.take();
        if let Some((nth, failure)) = self.rules.fail_once
            && nth == n
            && !self.state.failed_once.swap(true, Ordering::SeqCst)
        {
            return match failure {
                Failure::Transient => response::INTERNAL_ERROR,
                Failure::Reset => {
                    self.drop_now.store(true, Ordering::SeqCst);
                    response::INTERNAL_ERROR
                }
            };
        }
        if let Some(current) = current {
            self.state.inbox.lock().unwrap().push(current);
        }
        response::OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.auth_login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        match &self.rules.login {
            Some((u, p)) if u == user && p == password => response::AUTH_OK,
            _ => response::INVALID_CREDENTIALS,
        }
    }
}

impl Server {
    /// Starts a server on 127.0.0.1 with a port the system picks.
    pub fn start(rules: Rules) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
        let port = listener.local_addr().unwrap().port();
        let mut builder = SessionBuilder::new("friday-test-smtp");
        if rules.login.is_some() {
            builder
                .enable_auth(AuthMechanism::Plain)
                .enable_auth(AuthMechanism::Login)
                .insecure_enable_plaintext_auth();
        }
        if let Some(Tls::Starttls(_)) = rules.tls {
            builder.enable_start_tls();
        }
        let state = Arc::new(State::default());
        let rules = Arc::new(rules);
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let builder = builder.clone();
                let handler = Session {
                    rules: Arc::clone(&rules),
                    state: Arc::clone(&shared),
                    current: None,
                    drop_now: Arc::new(AtomicBool::new(false)),
                };
                thread::spawn(move || serve(stream, &builder, handler));
            }
        });
        Server { port, state }
    }

    /// The subjects of what the server received, in order.
    pub fn subjects(&self) -> Vec<String> {
        self.received()
            .iter()
            .map(|r| {
                mail_parser::MessageParser::default()
                    .parse(&r.data)
                    .unwrap()
                    .subject()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// The messages received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.inbox.lock().unwrap().clone()
    }

    /// How many messages reached the end of their data, refused ones included.
    pub fn data_ends(&self) -> usize {
        self.state.data_ends.load(Ordering::SeqCst)
    }

    /// The command verbs clients sent before TLS was up, in order.
    pub fn in_clear(&self) -> Vec<String> {
        self.state.in_clear.lock().unwrap().clone()
    }
}

trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

fn tls_stream(config: &Arc<rustls::ServerConfig>, plain: Box<dyn Stream>) -> Box<dyn Stream> {
    let connection = rustls::ServerConnection::new(Arc::clone(config)).unwrap();
    Box::new(rustls::StreamOwned::new(connection, plain))
}

fn serve(stream: TcpStream, builder: &SessionBuilder, handler: Session) {
    let remote = stream
        .peer_addr()
        .map_or(IpAddr::from([127, 0, 0, 1]), |a| a.ip());
    let socket = stream.try_clone().unwrap();
    let rules = Arc::clone(&handler.rules);
    let state = Arc::clone(&handler.state);
    let drop_now = Arc::clone(&handler.drop_now);
    let mut session = builder.build(remote, handler);
    let mut secure = false;
    let mut conn: Box<dyn Stream> = match &rules.tls {
        Some(Tls::Implicit(config)) => {
            session.tls_active();
            secure = true;
            tls_stream(config, Box::new(stream))
        }
        _ => Box::new(stream),
    };
    if session.greeting().write_to(&mut conn).is_err() || conn.flush().is_err() {
        return;
    }
    let mut reader = BufReader::new(conn);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if !secure {
            let verb = String::from_utf8_lossy(&line)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            state.in_clear.lock().unwrap().push(verb);
        }
        let reply = session.process(&line);
        if drop_now.load(Ordering::SeqCst) {
            let _ = socket.shutdown(Shutdown::Both);
            return;
        }
        let writer = reader.get_mut();
        match reply.action {
            Action::Reply => {
                if reply.write_to(writer).is_err() {
                    return;
                }
            }
            Action::Close => {
                let _ = reply.write_to(writer);
                let _ = writer.flush();
                return;
            }
            Action::UpgradeTls => {
                let Some(Tls::Starttls(config)) = &rules.tls else {
                    return;
                };
                if reply.write_to(writer).is_err() || writer.flush().is_err() {
                    return;
                }
                let plain = reader.into_inner();
                reader = BufReader::new(tls_stream(config, plain));
                session.tls_active();
                secure = true;
                continue;
            }
            Action::NoReply => {}
        }
        let _ = reader.get_mut().flush();
    }
}

//! A real SMTP server for the tests, on 127.0.0.1 with an ephemeral port: mailin's SMTP state
//! machine behind a thread per connection. It keeps what it receives in memory, can require a
//! login (AUTH PLAIN/LOGIN over plain text, as a test needs) and refuse given recipients.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder, response};

/// What the server accepts.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// User and password it requires; no AUTH when `None`.
    pub login: Option<(String, String)>,
    /// Recipients it refuses with 550.
    pub refuse: Vec<String>,
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
    inbox: Arc<Mutex<Vec<Received>>>,
}

#[derive(Clone)]
struct Session {
    rules: Arc<Rules>,
    inbox: Arc<Mutex<Vec<Received>>>,
    current: Option<Received>,
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
        if let Some(current) = self.current.take() {
            self.inbox.lock().unwrap().push(current);
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
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let handler = Session {
            rules: Arc::new(rules),
            inbox: Arc::clone(&inbox),
            current: None,
        };
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let builder = builder.clone();
                let handler = handler.clone();
                thread::spawn(move || serve(stream, &builder, handler));
            }
        });
        Server { port, inbox }
    }

    /// The messages received so far.
    pub fn received(&self) -> Vec<Received> {
        self.inbox.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, builder: &SessionBuilder, handler: Session) {
    let remote = stream
        .peer_addr()
        .map_or(IpAddr::from([127, 0, 0, 1]), |a| a.ip());
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut session = builder.build(remote, handler);
    if session.greeting().write_to(&mut writer).is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let reply = session.process(&line);
        match reply.action {
            Action::Reply => {
                if reply.write_to(&mut writer).is_err() {
                    return;
                }
            }
            Action::Close | Action::UpgradeTls => {
                let _ = reply.write_to(&mut writer);
                return;
            }
            Action::NoReply => {}
        }
        let _ = writer.flush();
    }
}

#include "anb/serve/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "anb/serve/static_files.h"

namespace anb::serve {
namespace {

// Not plain "application/json": cpp-httplib compresses that (and text/*) for clients that accept
// it, and brotli at its settings takes seconds over the 2 MB dataset; on loopback compression
// only costs time. (Its check compares the whole header, so the charset turns it off.)
constexpr const char* kJson = "application/json; charset=utf-8";

void security_headers(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                 "connect-src 'self'; frame-ancestors 'none'");
}

// Describes an error httplib produced itself (unknown route, oversized body, bad request line).
std::string http_error_field(int status) {
  switch (status) {
    case 404:
      return "path";
    case 413:
      return "body";
    case 414:
      return "path";
    case 405:
      return "method";
    default:
      return "request";
  }
}

// cpp-httplib binds with SO_REUSEPORT, so a second server on a busy port would silently share
// it with the first; a bind without SO_REUSEPORT first tells "in use" apart. Throws
// std::runtime_error.
void check_port_free(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return;
  int error = 0;
  for (addrinfo* a = found; a != nullptr && error == 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;  // SO_REUSEADDR: connections in TIME_WAIT do not count, a listener does
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 && errno == EADDRINUSE) error = errno;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (error != 0) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", host, port, std::strerror(error)));
  }
}

// cpp-httplib 0.11 listens with a backlog of 5: when more clients connect at once (a browser
// opens six), the kernel drops SYNs and those clients wait for the 1 s retransmit. listen() again
// on our listening socket (found among this process's descriptors by its port) raises it.
void raise_backlog(int port) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    int listening = 0;
    socklen_t size = sizeof(listening);
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening == 0) {
      continue;
    }
    sockaddr_storage addr{};
    socklen_t length = sizeof(addr);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) continue;
    int bound = -1;
    if (addr.ss_family == AF_INET) {
      bound = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      bound = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
    }
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

}  // namespace

void ServeOptions::validate() const {
  if (host.empty()) throw std::invalid_argument("host: empty; give an address such as 127.0.0.1");
  if (port < 0 || port > 65535) {
    throw std::invalid_argument(fmt::format("port: got {}; must be 0..65535", port));
  }
  auto positive = [](const char* field, long long v) {
    if (v <= 0) throw std::invalid_argument(fmt::format("{}: got {}; must be > 0", field, v));
  };
  positive("max_body_bytes", static_cast<long long>(max_body_bytes));
  positive("read_timeout_seconds", read_timeout_seconds);
  positive("write_timeout_seconds", write_timeout_seconds);
  positive("keep_alive_seconds", keep_alive_seconds);
  positive("threads", static_cast<long long>(threads));
}

bool ServeOptions::loopback() const {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct Server::Impl {
  httplib::Server http;
  int port = 0;
};

Server::Server(const Api& api, const ServeOptions& options) : impl_(std::make_unique<Impl>()) {
  options.validate();
  httplib::Server& http = impl_->http;
  const std::size_t threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_keep_alive_timeout(options.keep_alive_seconds);
  // Without it the body of a small answer waits for the client's delayed ACK (Nagle): ~40 ms
  // per keep-alive round trip instead of well under 1 ms.
  http.set_tcp_nodelay(true);

  auto api_handler = [&api](const httplib::Request& req, httplib::Response& res) {
    const ApiResponse r = api.handle(req.method, req.path, req.params, req.body);
    res.status = r.status;
    res.set_content(r.body, kJson);
    security_headers(res);
  };
  http.Get("/api/.*", api_handler);
  http.Post("/api/.*", api_handler);
  http.Get("/.*", [](const httplib::Request& req, httplib::Response& res) {
    const StaticFile* file = find_static(req.path);
    if (file == nullptr) {
      res.status = 404;
      res.set_content(error_body("path", "no such page"), kJson);
    } else {
      res.set_content(file->body.data(), file->body.size(),
                      std::string(file->content_type).c_str());
    }
    security_headers(res);
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    res.set_content(
        error_body(http_error_field(res.status), fmt::format("HTTP status {}", res.status)), kJson);
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        res.status = 500;
        res.set_content(error_body("server", what), kJson);
      });

  if (options.port != 0) check_port_free(options.host, options.port);
  if (options.port == 0) {
    impl_->port = http.bind_to_any_port(options.host);
  } else if (http.bind_to_port(options.host, options.port)) {
    impl_->port = options.port;
  } else {
    impl_->port = -1;
  }
  if (impl_->port <= 0) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                    "machine)",
                    options.host, options.port));
  }
  raise_backlog(impl_->port);
}

Server::~Server() = default;

int Server::port() const {
  return impl_->port;
}

void Server::listen() {
  if (!impl_->http.listen_after_bind())
    throw std::runtime_error("the HTTP server stopped with an error");
}

void Server::stop() {
  impl_->http.stop();
}

bool Server::running() const {
  return impl_->http.is_running();
}

}  // namespace anb::serve

#include "anb/serve/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "error_message.h"
#include "synthetic_models.h"

namespace anb::serve {
namespace {

using nlohmann::json;

// A server on a free loopback port, listening on its own thread for the whole suite.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    api_ = new Api(testing::SyntheticModels::get().api());
    ServeOptions o;
    o.port = 0;
    o.read_timeout_seconds = 1;
    o.keep_alive_seconds = 1;
    o.max_body_bytes = 64 * 1024;
    o.threads = 4;
    server_ = new Server(*api_, o);
    thread_ = new std::thread([] { server_->listen(); });
    while (!server_->running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete api_;
  }
  static httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  static void expect_json_error(const httplib::Result& r, int status, const std::string& field) {
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(json::parse(r->body)["error"]["field"], field) << r->body;
  }
  static inline Api* api_ = nullptr;
  static inline Server* server_ = nullptr;
  static inline std::thread* thread_ = nullptr;
};

TEST_F(ServerTest, ServesThePageAndTheApi) {
  auto c = client();
  const auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("anb explorer"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  const auto chart = c.Get("/chart.min.js");
  ASSERT_TRUE(chart);
  EXPECT_EQ(chart->status, 200);
  const auto q = c.Get("/api/query?arch=efficientnet-b0&targets=accuracy");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_EQ(json::parse(q->body),
            json::parse(api_->handle("GET", "/api/query",
                                     {{"arch", "efficientnet-b0"}, {"targets", "accuracy"}}, "")
                            .body));
  const auto batch =
      c.Post("/api/query", R"(["efficientnet-b0", "e1111111-k3333333-l1111111-seFFFFFFF"])",
             "application/json");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->status, 200);
  EXPECT_EQ(json::parse(batch->body).size(), 2u);
}

// Browsers accept br/gzip; the API's JSON and the scripts go out uncompressed (see server.cpp).
TEST_F(ServerTest, LargeResponsesAreNotCompressed) {
  auto c = client();
  const httplib::Headers accept{{"Accept-Encoding", "gzip, deflate, br"}};
  for (const char* path : {"/api/dataset", "/chart.min.js", "/app.js"}) {
    const auto r = c.Get(path, accept);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_FALSE(r->has_header("Content-Encoding")) << path;
  }
}

TEST_F(ServerTest, PathTraversalAndUnknownPathsAre404Json) {
  auto c = client();
  for (const char* path :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "/etc/passwd",
        "/index.html/../../../etc/passwd", "/api/../../etc/passwd", "/api/nothing"}) {
    SCOPED_TRACE(path);
    const auto r = c.Get(path);
    ASSERT_TRUE(r);
    EXPECT_GE(r->status, 400);
    EXPECT_LT(r->status, 500);
    EXPECT_EQ(r->body.find("root:"), std::string::npos);
    EXPECT_NO_THROW((void)json::parse(r->body)["error"]["field"]);
  }
}

TEST_F(ServerTest, OversizedBodyIs413JsonAndMalformedJsonIs400) {
  auto c = client();
  expect_json_error(c.Post("/api/query", std::string(100 * 1024, ' '), "application/json"), 413,
                    "body");
  expect_json_error(c.Post("/api/query", "[\"efficientnet-b0\"", "application/json"), 400, "body");
  expect_json_error(c.Post("/api/search", R"({"budget": 99999999})", "application/json"), 413,
                    "budget");
  expect_json_error(c.Delete("/api/query"), 404, "path");
}

// A client that opens a connection and sends half a request line is cut off after the read
// timeout, and other clients are served meanwhile.
TEST_F(ServerTest, HalfOpenClientDoesNotBlockOthers) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server_->port()));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string partial = "GET /api/targets HTTP/1.1\r\nHost: x";
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  auto c = client();
  const auto r = c.Get("/api/targets");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  timeval wait{30, 0};  // far beyond the server's 1 s read timeout; recv returns when it closes
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  char buf[512];
  const ssize_t got = ::recv(fd, buf, sizeof(buf), 0);
  EXPECT_GE(got, 0) << "the server did not close the half-open connection";
  ::close(fd);
}

TEST(ServeOptionsTest, ValidationAndLoopback) {
  ServeOptions o;
  EXPECT_TRUE(o.loopback());
  o.host = "0.0.0.0";
  EXPECT_FALSE(o.loopback());
  o.host = "::1";
  EXPECT_TRUE(o.loopback());
  o.port = 70000;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("port"), std::string::npos);
  o = ServeOptions{};
  o.read_timeout_seconds = 0;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("read_timeout_seconds"),
            std::string::npos);
  o = ServeOptions{};
  o.max_body_bytes = 0;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("max_body_bytes"),
            std::string::npos);
}

TEST(ServerBindTest, APortInUseOrAForeignAddressIsAnError) {
  const Api api = testing::SyntheticModels::get().api();
  ServeOptions o;
  o.port = 0;
  const Server first(api, o);  // bound (and listening) from construction
  o.port = first.port();
  EXPECT_NE(
      anb::testing::error_of<std::runtime_error>([&] { Server second(api, o); }).find("in use"),
      std::string::npos);

  o.host = "203.0.113.7";  // TEST-NET-3: never an address of this machine
  o.port = 0;
  EXPECT_NE(
      anb::testing::error_of<std::runtime_error>([&] { Server s(api, o); }).find("203.0.113.7"),
      std::string::npos);
}

}  // namespace
}  // namespace anb::serve

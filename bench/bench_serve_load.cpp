// Load test of `anb serve` on loopback: an in-process server (the same Api and Server as
// `anb serve`) and N concurrent keep-alive clients (cpp-httplib), reporting round-trip latency
// percentiles and errors of single-architecture queries, then the throughput of batched queries.
//
//   build/bench/bench_serve_load --models DIR [--clients 8] [--queries 10000] [--batch 1000]
//                                [--batches 20] [--threads 8]
//
// Targets (docs/serve.md): single-query p99 <= 2 ms with 8 clients and zero errors; batched
// queries >= 100k architectures/s.
#include <fmt/format.h>
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "anb/serve/server.h"
#include "anb/space/search_space.h"

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

struct Args {
  std::string models;
  std::size_t clients = 8;
  std::size_t queries = 10000;  // per client
  std::size_t batch = 1000;
  std::size_t batches = 20;  // per client
  std::size_t threads = 8;
  std::string targets;  // ?targets= of the batched queries (empty: all)
};

}  // namespace

int main(int argc, char** argv) {
  Args a;
  CLI::App app{"Load test of anb serve on loopback"};
  app.add_option("--models", a.models, "model directory")->required();
  app.add_option("--clients", a.clients, "concurrent clients")->default_val(8);
  app.add_option("--queries", a.queries, "single queries per client")->default_val(10000);
  app.add_option("--batch", a.batch, "architectures per batched query")->default_val(1000);
  app.add_option("--batches", a.batches, "batched queries per client")->default_val(20);
  app.add_option("--threads", a.threads, "server worker threads")->default_val(8);
  app.add_option("--batch-targets", a.targets,
                 "targets of the batched queries, comma separated (default: all)");
  CLI11_PARSE(app, argc, argv);
  try {
    anb::serve::ApiLimits limits;
    limits.max_batch = std::max(limits.max_batch, a.batch);
    const anb::serve::Api api(anb::surrogate::Benchmark::load(a.models), std::nullopt, limits);
    anb::serve::ServeOptions options;
    options.port = 0;
    options.threads = a.threads;
    options.max_body_bytes = 64u << 20;
    anb::serve::Server server(api, options);
    std::thread listener([&] { server.listen(); });
    const auto archs = anb::space::sample(4096, 1);

    // 1. Single-architecture GET /api/query (all targets), one keep-alive connection per client.
    std::vector<std::vector<double>> latencies(a.clients);
    std::atomic<std::size_t> errors{0};
    auto start = Clock::now();
    std::vector<std::thread> clients;
    for (std::size_t c = 0; c < a.clients; ++c) {
      clients.emplace_back([&, c] {
        httplib::Client client("127.0.0.1", server.port());
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);  // as browsers do
        latencies[c].reserve(a.queries);
        for (std::size_t i = 0; i < a.queries; ++i) {
          const auto& arch = archs[(c * 7919 + i) % archs.size()];
          const auto t0 = Clock::now();
          const auto r = client.Get("/api/query?arch=" + arch.to_string());
          latencies[c].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          if (!r || r->status != 200) ++errors;
        }
      });
    }
    for (auto& t : clients) t.join();
    const double single_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::cout << fmt::format(
        "single queries: {} clients x {} = {} GET /api/query ({} targets each) in {:.2f} s "
        "({:.0f}/s): p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms, errors {}  (target p99 <= 2 ms, "
        "0 errors)\n",
        a.clients, a.queries, all.size(), api.benchmark().targets().size(), single_seconds,
        static_cast<double>(all.size()) / single_seconds, percentile(all, 0.5),
        percentile(all, 0.99), percentile(all, 1.0), errors.load());

    // 2. Batched POST /api/query.
    std::string body;
    {
      nlohmann::json items = nlohmann::json::array();
      for (std::size_t i = 0; i < a.batch; ++i)
        items.push_back(archs[i % archs.size()].to_string());
      body = items.dump();
    }
    std::atomic<std::size_t> batch_errors{0};
    std::vector<std::vector<double>> batch_latencies(a.clients);
    clients.clear();
    start = Clock::now();
    for (std::size_t c = 0; c < a.clients; ++c) {
      clients.emplace_back([&, c] {
        httplib::Client client("127.0.0.1", server.port());
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(60, 0);
        for (std::size_t i = 0; i < a.batches; ++i) {
          const auto t0 = Clock::now();
          const auto r =
              client.Post(a.targets.empty() ? "/api/query" : "/api/query?targets=" + a.targets,
                          body, "application/json");
          batch_latencies[c].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          if (!r || r->status != 200) ++batch_errors;
        }
      });
    }
    for (auto& t : clients) t.join();
    const double batch_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> ball;
    for (const auto& l : batch_latencies) ball.insert(ball.end(), l.begin(), l.end());
    const double total = static_cast<double>(a.clients * a.batches * a.batch);
    std::cout << fmt::format(
        "batched queries: {} clients x {} POST /api/query of {} architectures ({}) in {:.2f} s: "
        "{:.0f} architectures/s (p50 {:.1f} ms per batch), errors {}  (target >= 100000/s)\n",
        a.clients, a.batches, a.batch, a.targets.empty() ? "all targets" : a.targets, batch_seconds,
        total / batch_seconds, percentile(ball, 0.5), batch_errors.load());
    server.stop();
    listener.join();
    return errors.load() + batch_errors.load() == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench_serve_load: error: " << e.what() << "\n";
    return 1;
  }
}

#include "wb/lanes.hpp"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_PAUSE() _mm_pause()
#else
#define WB_PAUSE() std::this_thread::yield()
#endif

namespace wb {
namespace {

thread_local bool inside_a_lane = false;

/// The helper threads. A call publishes the task and bumps `generation_`; each helper runs
/// its lane and counts `pending_` down, then waits for the next generation.
class Pool {
 public:
  explicit Pool(int lanes) : lanes_(lanes), errors_(std::size_t(lanes)) {
    for (int lane = 1; lane < lanes; ++lane) helpers_.emplace_back([this, lane] { serve(lane); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    for (std::thread& t : helpers_) t.join();
  }
  int lanes() const { return lanes_; }

  void run(const std::function<void(int)>& task) {
    task_ = &task;
    pending_.store(lanes_ - 1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    run_lane(0);
    // Spin only briefly: when the machine is busy (a test run beside a docs build), the lane
    // being waited for may be off its core, and spinning would keep it off.
    const auto busy = [&] { return pending_.load(std::memory_order_acquire) != 0; };
    for (int spin = 0; spin < 2000 && busy(); ++spin) WB_PAUSE();
    while (busy()) std::this_thread::yield();
    for (std::exception_ptr& e : errors_) {
      if (!e) continue;
      std::exception_ptr first = e;
      for (std::exception_ptr& other : errors_) other = nullptr;
      std::rethrow_exception(first);
    }
  }

 private:
  void run_lane(int lane) {
    inside_a_lane = true;
    try {
      (*task_)(lane);
    } catch (...) {
      errors_[std::size_t(lane)] = std::current_exception();
    }
    inside_a_lane = false;
  }

  void serve(int lane) {
    unsigned seen = 0;
    const auto idle = [&] { return generation_.load(std::memory_order_acquire) == seen; };
    for (;;) {
      // Within a training step the next call comes in microseconds: spin. Then yield the core
      // for a while (another thread, such as OpenBLAS's own, may need it), then sleep.
      for (int spin = 0; spin < 2000 && idle(); ++spin) WB_PAUSE();
      for (int turn = 0; turn < 2000 && idle(); ++turn) std::this_thread::yield();
      if (idle()) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stopping_) return;
      run_lane(lane);
      pending_.fetch_sub(1, std::memory_order_release);
    }
  }

  const int lanes_;
  std::vector<std::exception_ptr> errors_;
  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<unsigned> generation_{0};
  std::atomic<int> pending_{0};
  bool stopping_ = false;  // written under mutex_ before the last generation
  const std::function<void(int)>* task_ = nullptr;
};

}  // namespace

void run_lanes(int lanes, const std::function<void(int lane)>& task) {
  if (lanes <= 1 || inside_a_lane) {
    for (int lane = 0; lane < std::max(lanes, 1); ++lane) task(lane);
    return;
  }
  static std::unique_ptr<Pool> pool;
  if (!pool || pool->lanes() != lanes) {
    pool.reset();
    pool = std::make_unique<Pool>(lanes);
  }
  pool->run(task);
}

}  // namespace wb

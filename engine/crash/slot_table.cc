#include "crash/slot_table.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hivefuzz {
namespace {

constexpr uint64_t kMagic = 0x48495645465a5a31ULL;  // "HIVEFZZ1"
constexpr uint32_t kVersion = 4;
constexpr size_t kHeaderSize = 4096;

// A slot, its input and the target's copy of it.
size_t Stride(size_t capacity) { return (sizeof(Slot) + 2 * capacity + 63) & ~size_t{63}; }

}  // namespace

Result<std::unique_ptr<SlotTable>> SlotTable::Create(int fd, uint32_t num_slots, size_t capacity) {
  static_assert(sizeof(SlotTableHeader) <= kHeaderSize);
  size_t length = kHeaderSize + Stride(capacity) * num_slots;
  bool own_fd = fd < 0;
  if (own_fd) fd = memfd_create("hivefuzz-slots", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, off_t(length)) != 0) {
    std::string err = std::strerror(errno);
    if (own_fd && fd >= 0) close(fd);
    return Status::Error("cannot create the shared crash slots (" + std::to_string(length) +
                         " bytes): " + err);
  }
  void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (own_fd) close(fd);
  if (p == MAP_FAILED) {
    return Status::Error(std::string("cannot map the shared crash slots: ") + std::strerror(errno));
  }
  auto* header = new (p) SlotTableHeader{};
  header->version = kVersion;
  header->num_slots = num_slots;
  header->capacity = capacity;
  header->slot_stride = Stride(capacity);
  std::unique_ptr<SlotTable> table(new SlotTable(header, length));
  for (uint32_t i = 0; i < num_slots; i++) {
    new (&table->slot(i)) Slot{};
  }
  header->magic.store(kMagic, std::memory_order_release);
  return table;
}

Result<std::unique_ptr<SlotTable>> SlotTable::Attach(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || size_t(st.st_size) < kHeaderSize) {
    return Status::Error("the engine did not set up its crash slots");
  }
  size_t length = size_t(st.st_size);
  void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    return Status::Error(std::string("cannot map the crash slots: ") + std::strerror(errno));
  }
  auto* header = static_cast<SlotTableHeader*>(p);
  if (header->magic.load(std::memory_order_acquire) != kMagic || header->version != kVersion ||
      kHeaderSize + header->slot_stride * header->num_slots > length) {
    munmap(p, length);
    return Status::Error("the crash slots have an unknown layout (version mismatch?)");
  }
  return std::unique_ptr<SlotTable>(new SlotTable(header, length));
}

SlotTable::~SlotTable() { munmap(header_, length_); }

Slot& SlotTable::slot(uint32_t i) {
  auto* base = reinterpret_cast<uint8_t*>(header_) + kHeaderSize;
  return *reinterpret_cast<Slot*>(base + header_->slot_stride * i);
}

void SlotTable::SetOriginPath(Slot& slot, InputOrigin origin, const std::string& path) {
  size_t n = std::min(path.size(), sizeof(slot.origin_path) - 1);
  std::memcpy(slot.origin_path, path.data(), n);
  slot.origin_path[n] = '\0';
  slot.origin.store(origin, std::memory_order_relaxed);
}

}  // namespace hivefuzz

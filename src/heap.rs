//! The page's memory allocator: blocks in power-of-two size classes from 16 bytes up, each class
//! a free list, carved from memory the page grows (`memory.grow`) and never handed back. It is a
//! few hundred bytes of code where the standard allocator (dlmalloc) is about 8 KB, which every
//! bundle carries; allocation and freeing are O(1). The price is up to twice the bytes asked for
//! (a block is its class's size), and a class's freed blocks serve only that class. The logic
//! is generic over where memory comes from, so it is tested natively on a plain buffer.

use core::alloc::Layout;

/// The smallest block, and the alignment every block has.
pub const MIN_BLOCK: usize = 16;
/// Classes: 16 B, 32 B, … up to 2 GiB.
const CLASSES: usize = 28;

/// Where fresh memory comes from: `grow(bytes)` returns the start of at least `bytes` new
/// bytes after every earlier region (or `None`).
pub trait Source {
    /// At least `bytes` new bytes, `MIN_BLOCK`-aligned.
    fn grow(&mut self, bytes: usize) -> Option<usize>;
}

/// The class of a request: the smallest power of two at least its size and alignment.
pub fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(MIN_BLOCK);
    let class = size.checked_next_power_of_two()?.trailing_zeros() - MIN_BLOCK.trailing_zeros();
    let class = class as usize;
    (class < CLASSES).then_some(class)
}

/// The size of blocks of `class`.
pub const fn block_size(class: usize) -> usize {
    MIN_BLOCK << class
}

/// A heap over a [`Source`].
pub struct Heap<S> {
    source: S,
    /// The first free block of each class (0: none); a free block's first word is the next.
    free: [usize; CLASSES],
    /// The unused rest of the last region grown.
    next: usize,
    end: usize,
}

impl<S: Source> Heap<S> {
    /// An empty heap.
    pub const fn new(source: S) -> Self {
        Heap {
            source,
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block for `layout`, or 0 when memory runs out.
    ///
    /// # Safety
    /// The free lists must hold only blocks this heap handed out and got back.
    pub unsafe fn alloc(&mut self, layout: Layout) -> usize {
        let Some(class) = class_of(layout) else {
            return 0;
        };
        let size = block_size(class);
        // A freed block of the class, when its alignment is enough (blocks are aligned to
        // MIN_BLOCK; larger alignments take fresh memory).
        let head = self.free[class];
        if head != 0 && (layout.align() <= MIN_BLOCK || head.is_multiple_of(layout.align())) {
            // SAFETY: `head` is a free block of at least MIN_BLOCK bytes whose first word
            // holds the next free block.
            self.free[class] = unsafe { (head as *const usize).read() };
            return head;
        }
        let align = layout.align().max(MIN_BLOCK);
        let start = (self.next + align - 1) & !(align - 1);
        if start >= self.next && start.checked_add(size).is_some_and(|e| e <= self.end) {
            self.next = start + size;
            return start;
        }
        // A new region: the old rest stays unused (at most one block's worth).
        let want = size + align;
        let Some(region) = self.source.grow(want) else {
            return 0;
        };
        let start = (region + align - 1) & !(align - 1);
        self.next = start + size;
        self.end = region + want;
        start
    }

    /// Takes back a block of `layout` from [`Heap::alloc`].
    ///
    /// # Safety
    /// `ptr` must come from `alloc` with the same layout and not be freed yet.
    pub unsafe fn dealloc(&mut self, ptr: usize, layout: Layout) {
        if let Some(class) = class_of(layout) {
            // SAFETY: the block is ours again and at least MIN_BLOCK bytes long.
            unsafe { (ptr as *mut usize).write(self.free[class]) };
            self.free[class] = ptr;
        }
    }
}

/// The page's allocator: a [`Heap`] over the wasm memory, grown page by page.
#[cfg(target_arch = "wasm32")]
mod page {
    use super::{Heap, Source};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    const PAGE: usize = 65536;

    /// Fresh wasm pages, after everything the module already has.
    pub struct Pages;

    impl Source for Pages {
        fn grow(&mut self, bytes: usize) -> Option<usize> {
            let pages = bytes.div_ceil(PAGE);
            let old = core::arch::wasm32::memory_grow(0, pages);
            (old != usize::MAX).then_some(old * PAGE)
        }
    }

    /// The global allocator. The page runs one thread, so the heap needs no lock.
    pub struct PageHeap(UnsafeCell<Heap<Pages>>);

    // SAFETY: wasm32-unknown-unknown without atomics has one thread.
    unsafe impl Sync for PageHeap {}

    impl PageHeap {
        /// An empty heap (a `const fn`, for the `static`).
        pub const fn new() -> Self {
            PageHeap(UnsafeCell::new(Heap::new(Pages)))
        }
    }

    impl Default for PageHeap {
        fn default() -> Self {
            Self::new()
        }
    }

    unsafe impl GlobalAlloc for PageHeap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: one thread; no call re-enters the allocator.
            unsafe { (*self.0.get()).alloc(layout) as *mut u8 }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: as above; `ptr` came from `alloc` with `layout`.
            unsafe { (*self.0.get()).dealloc(ptr as usize, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // A block already big enough stays where it is.
            if let (Some(old), Ok(new)) = (
                super::class_of(layout),
                Layout::from_size_align(new_size, layout.align()),
            ) {
                if super::class_of(new) == Some(old) {
                    return ptr;
                }
                // SAFETY: as `GlobalAlloc::realloc` requires of its caller.
                unsafe {
                    let fresh = self.alloc(new);
                    if !fresh.is_null() {
                        core::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    return fresh;
                }
            }
            core::ptr::null_mut()
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use page::PageHeap;

#[cfg(test)]
mod tests {
    use super::*;

    /// A source over one big buffer, growing its used part.
    struct Buffer {
        memory: Vec<u128>,
        used: usize,
    }

    impl Source for Buffer {
        fn grow(&mut self, bytes: usize) -> Option<usize> {
            let base = self.memory.as_ptr() as usize;
            let start = base + self.used;
            (self.used + bytes <= self.memory.len() * 16).then(|| {
                self.used += bytes.div_ceil(16) * 16;
                start
            })
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn classes_are_powers_of_two_from_sixteen() {
        assert_eq!(class_of(layout(0, 1)), Some(0));
        assert_eq!(class_of(layout(16, 8)), Some(0));
        assert_eq!(class_of(layout(17, 8)), Some(1));
        assert_eq!(class_of(layout(4, 64)), Some(2));
        assert_eq!(block_size(3), 128);
        assert_eq!(class_of(layout(1 << 31, 1)), Some(27));
        assert_eq!(class_of(layout((1 << 31) + 1, 1)), None);
    }

    #[test]
    fn blocks_are_aligned_apart_and_reused() {
        let mut heap = Heap::new(Buffer {
            memory: vec![0; 1 << 16],
            used: 0,
        });
        let mut live: Vec<(usize, Layout)> = Vec::new();
        // A mix of sizes and alignments, some freed along the way.
        for i in 0..600usize {
            let l = layout(1 + (i * 37) % 700, [1, 8, 16, 32, 64][i % 5]);
            let p = unsafe { heap.alloc(l) };
            assert_ne!(p, 0, "{i}");
            assert_eq!(p % l.align(), 0, "{i}: {p:#x} for {l:?}");
            // Written whole, and overlapping no live block.
            unsafe { core::ptr::write_bytes(p as *mut u8, (i % 251) as u8, l.size()) };
            for &(q, m) in &live {
                let (a, b) = (p, p + block_size(class_of(l).unwrap()));
                let (c, d) = (q, q + block_size(class_of(m).unwrap()));
                assert!(
                    b <= c || d <= a,
                    "{i}: [{a:#x},{b:#x}) overlaps [{c:#x},{d:#x})"
                );
            }
            live.push((p, l));
            if i % 3 == 0 {
                let (q, m) = live.remove(live.len() / 2);
                unsafe { heap.dealloc(q, m) };
            }
        }
        // A freed block is handed out again for its class.
        let l = layout(40, 8);
        let p = unsafe { heap.alloc(l) };
        unsafe { heap.dealloc(p, l) };
        assert_eq!(unsafe { heap.alloc(layout(60, 8)) }, p);
    }

    #[test]
    fn running_out_is_a_null_block() {
        let mut heap = Heap::new(Buffer {
            memory: vec![0; 64],
            used: 0,
        });
        assert_ne!(unsafe { heap.alloc(layout(256, 8)) }, 0);
        assert_eq!(unsafe { heap.alloc(layout(4096, 8)) }, 0);
    }
}

//! Reading `/proc`: this process's memory and CPU time, its limits, and the
//! machine.
//!
//! Linux publishes all of it as text, so plain file reads do, with no
//! system calls of our own and no `unsafe`. Each parser takes the text and
//! is tested on samples; the functions of `files` only add the file.
//!
//! `/proc` is Linux's. On macOS and Windows the same functions are there,
//! and each says in a sentence that this system has no `/proc`: the
//! workspace builds everywhere, and `bench scale` stops with that sentence.

// The parsers serve Linux's readers; elsewhere only their tests use them.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

pub use files::*;

/// Clock ticks per second in `/proc/*/stat` (`USER_HZ`): 100 on every
/// Linux architecture that Rust supports, whatever the kernel's own tick.
pub const TICKS_PER_SECOND: u64 = 100;

/// A resource limit's soft value, as `/proc/self/limits` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// No limit.
    Unlimited,
    /// At most this many.
    At(u64),
}

/// The number in a `Name:   1234 kB` line of `/proc/*/status` or
/// `/proc/meminfo`, in KiB (the kernel's "kB").
pub fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix(name)?.strip_prefix(':')?;
        value.split_whitespace().next()?.parse().ok()
    })
}

/// User plus system CPU time, in ticks, from the text of `/proc/*/stat`.
///
/// The second field is the command name in parentheses, which may itself
/// hold spaces and parentheses, so the fields are counted from the last
/// `)`: after it come `state` (field 3), ..., `utime` (14), `stime` (15).
pub fn cpu_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// The soft value of the limit called `name` (such as `Max open files`) in
/// the text of `/proc/*/limits`.
pub fn soft_limit(limits: &str, name: &str) -> Option<Bound> {
    limits.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?;
        // `Max processes` must not match a longer name that starts alike.
        if !rest.starts_with(' ') {
            return None;
        }
        match rest.split_whitespace().next()? {
            "unlimited" => Some(Bound::Unlimited),
            number => number.parse().ok().map(Bound::At),
        }
    })
}

/// The CPU's model name, from the text of `/proc/cpuinfo`.
pub fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim().to_owned())
    })
}

/// How many logical CPUs `/proc/cpuinfo` lists: one `processor` line each.
pub fn cpu_count(cpuinfo: &str) -> usize {
    cpuinfo
        .lines()
        .filter(|line| line.split(':').next().map(str::trim) == Some("processor"))
        .count()
}

/// How many threads the whole machine has, from the text of
/// `/proc/loadavg`: its fourth field is `running/total`.
pub fn threads_on_machine(loadavg: &str) -> Option<u64> {
    let (_running, total) = loadavg.split_whitespace().nth(3)?.split_once('/')?;
    total.parse().ok()
}

/// Reading the files of `/proc`, on Linux.
#[cfg(target_os = "linux")]
mod files {
    use super::{Bound, cpu_ticks, kib_field, soft_limit};

    /// The text of a file under `/proc`, or a sentence saying why not.
    pub fn read(path: impl AsRef<std::path::Path>) -> Result<String, String> {
        let path = path.as_ref();
        std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))
    }

    /// A file that holds one number, such as `/proc/sys/vm/max_map_count`.
    pub fn read_number(path: &str) -> Result<u64, String> {
        let text = read(path)?;
        text.trim()
            .parse()
            .map_err(|_| format!("{path} does not hold a number: {text:?}"))
    }

    /// This process's memory in use now (`VmRSS`), in KiB.
    pub fn rss_kib() -> Result<u64, String> {
        status_field("VmRSS")
    }

    /// The most memory this process has had in use (`VmHWM`, its high-water
    /// mark), in KiB.
    pub fn peak_rss_kib() -> Result<u64, String> {
        status_field("VmHWM")
    }

    fn status_field(name: &str) -> Result<u64, String> {
        kib_field(&read("/proc/self/status")?, name)
            .ok_or_else(|| format!("/proc/self/status has no {name} line"))
    }

    /// Lowers the high-water mark to the memory in use now, so that
    /// [`peak_rss_kib`] measures from this moment. Returns whether it worked:
    /// kernels before 4.0 do not offer it, and then the peak also counts what
    /// came before.
    pub fn reset_peak_rss() -> bool {
        // Writing 5 to clear_refs resets the peak; see proc(5).
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }

    /// The CPU time this process has used, all its threads together, in ticks
    /// of 1 / [`TICKS_PER_SECOND`] s.
    pub fn cpu_ticks_used() -> Result<u64, String> {
        cpu_ticks(&read("/proc/self/stat")?)
            .ok_or_else(|| "cannot parse /proc/self/stat".to_owned())
    }

    /// How many memory mappings this process has: one line each in
    /// `/proc/self/maps`.
    pub fn mappings() -> Result<u64, String> {
        Ok(read("/proc/self/maps")?.lines().count() as u64)
    }

    /// The soft value of this process's limit `name`, such as `Max open files`.
    pub fn read_limit(name: &str) -> Result<Bound, String> {
        soft_limit(&read("/proc/self/limits")?, name)
            .ok_or_else(|| format!("/proc/self/limits has no {name:?} line"))
    }

    /// The text of `/proc/cpuinfo`.
    pub fn cpuinfo() -> Result<String, String> {
        read("/proc/cpuinfo")
    }

    /// The text of `/proc/meminfo`.
    pub fn meminfo() -> Result<String, String> {
        read("/proc/meminfo")
    }

    /// The kernel's release, such as `6.8.0-45-generic`.
    pub fn kernel_release() -> Result<String, String> {
        Ok(read("/proc/sys/kernel/osrelease")?.trim().to_owned())
    }

    /// The text of `/proc/loadavg`.
    pub fn loadavg() -> Result<String, String> {
        read("/proc/loadavg")
    }

    /// The system's limits on threads: `vm.max_map_count`, `kernel.pid_max`
    /// and `kernel.threads-max`.
    pub fn thread_limits() -> Result<(u64, u64, u64), String> {
        Ok((
            read_number("/proc/sys/vm/max_map_count")?,
            read_number("/proc/sys/kernel/pid_max")?,
            read_number("/proc/sys/kernel/threads-max")?,
        ))
    }
}

/// Elsewhere: each function of the Linux module, saying that this system
/// has no `/proc`.
#[cfg(not(target_os = "linux"))]
mod files {
    use super::Bound;

    /// What every function here says.
    fn no_proc<T>() -> Result<T, String> {
        Err(format!(
            "`bench scale` measures through Linux's /proc (memory, CPU time, the limits on \
             threads), which {} does not have: run it on Linux, or in WSL on Windows",
            std::env::consts::OS
        ))
    }

    pub fn rss_kib() -> Result<u64, String> {
        no_proc()
    }

    pub fn peak_rss_kib() -> Result<u64, String> {
        no_proc()
    }

    pub fn reset_peak_rss() -> bool {
        false
    }

    pub fn cpu_ticks_used() -> Result<u64, String> {
        no_proc()
    }

    pub fn mappings() -> Result<u64, String> {
        no_proc()
    }

    pub fn read_limit(_name: &str) -> Result<Bound, String> {
        no_proc()
    }

    pub fn cpuinfo() -> Result<String, String> {
        no_proc()
    }

    pub fn meminfo() -> Result<String, String> {
        no_proc()
    }

    pub fn kernel_release() -> Result<String, String> {
        no_proc()
    }

    pub fn loadavg() -> Result<String, String> {
        no_proc()
    }

    pub fn thread_limits() -> Result<(u64, u64, u64), String> {
        no_proc()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Name:\tthreeways\nUmask:\t0022\nState:\tS (sleeping)\n\
        VmPeak:\t  123456 kB\nVmHWM:\t    9876 kB\nVmRSS:\t    5432 kB\nThreads:\t1\n";

    #[test]
    fn memory_comes_from_the_kib_lines_of_status() {
        assert_eq!(kib_field(STATUS, "VmRSS"), Some(5432));
        assert_eq!(kib_field(STATUS, "VmHWM"), Some(9876));
        assert_eq!(kib_field(STATUS, "VmSwap"), None);
        // A name is matched whole, up to its colon.
        assert_eq!(kib_field(STATUS, "Vm"), None);
        let meminfo = "MemTotal:       24684084 kB\nMemFree:         1000 kB\n";
        assert_eq!(kib_field(meminfo, "MemTotal"), Some(24_684_084));
    }

    #[test]
    fn cpu_time_is_user_plus_system_counted_after_the_name() {
        // A command name with spaces and a parenthesis, as a thread may have.
        let stat = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194304 120 0 0 0 \
                    37 5 0 0 20 0 1 0 100 1000000 250 18446744073709551615";
        assert_eq!(cpu_ticks(stat), Some(42));
        assert_eq!(cpu_ticks("4242 (cut short) S 1 2"), None);
    }

    #[test]
    fn limits_give_the_soft_value() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
            Max processes             96365                96365                processes \n\
            Max open files            20000                40000                files     \n\
            Max locked memory         unlimited            unlimited            bytes     \n";
        assert_eq!(
            soft_limit(limits, "Max open files"),
            Some(Bound::At(20_000))
        );
        assert_eq!(soft_limit(limits, "Max processes"), Some(Bound::At(96_365)));
        assert_eq!(
            soft_limit(limits, "Max locked memory"),
            Some(Bound::Unlimited)
        );
        assert_eq!(soft_limit(limits, "Max open"), None);
    }

    #[test]
    fn cpuinfo_gives_the_model_and_the_count() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\n\
            model name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\n\
            model name\t: Intel(R) Xeon(R) Processor\n";
        assert_eq!(
            cpu_model(cpuinfo).as_deref(),
            Some("Intel(R) Xeon(R) Processor")
        );
        assert_eq!(cpu_count(cpuinfo), 2);
    }

    #[test]
    fn loadavg_gives_the_threads_on_the_machine() {
        assert_eq!(
            threads_on_machine("0.52 0.58 0.59 3/1024 12345\n"),
            Some(1024)
        );
        assert_eq!(threads_on_machine("0.52 0.58 0.59"), None);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn this_process_can_be_measured() {
        assert!(rss_kib().unwrap() > 0);
        assert!(peak_rss_kib().unwrap() >= rss_kib().unwrap() / 2);
        assert!(mappings().unwrap() > 0);
        cpu_ticks_used().unwrap();
        read_limit("Max open files").unwrap();
    }

    #[test]
    #[cfg(not(target_os = "linux"))]
    fn elsewhere_each_reading_says_there_is_no_proc() {
        let said = rss_kib().unwrap_err();
        assert!(said.contains("run it on Linux"), "{said}");
        assert!(cpuinfo().is_err() && thread_limits().is_err() && !reset_peak_rss());
    }
}

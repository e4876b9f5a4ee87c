using System.Security.Cryptography;
using System.Text;
using Marten.Schema;

namespace EctLifecycle.Accounts;

/// <summary>How many wrong passwords a login and a client address may try (section <c>SignIn</c>, <c>SignIn__…</c> variables).</summary>
public sealed class SignInSettings
{
    public const string Section = "SignIn";

    /// <summary>Failures in a row on one login before it is locked for <see cref="FirstLockout"/>.</summary>
    public int FailuresBeforeLockout { get; set; } = 5;

    /// <summary>Each failure after that locks the login twice as long as the previous one, up to <see cref="LongestLockout"/>.</summary>
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan LongestLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts one client address may post per <see cref="AddressWindow"/>, whatever the logins.</summary>
    public int AttemptsPerAddress { get; set; } = 10;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The failed sign-ins in a row on one login, known or not, kept in PostgreSQL so that a lockout holds on every instance.
/// Its id is the SHA-256 of the login: a login typed by mistake (often a password) is never stored. An attempt is
/// counted before the password is checked, and forgotten again when it succeeds, so that parallel attempts cannot all
/// pass before the count (two instances racing on one login are serialised by optimistic concurrency).
/// </summary>
[UseOptimisticConcurrency]
public sealed class SignInFailures
{
    public string Id { get; set; } = "";
    public int Count { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    [Version] public Guid Version { get; set; }

    public static string IdOf(string normalizedLogin) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedLogin)));

    /// <summary>How long the login stays locked from <paramref name="now"/>; null when it may try.</summary>
    public TimeSpan? WaitAt(DateTimeOffset now) => LockedUntil is { } until && until > now ? until - now : null;

    /// <summary>Counts one more attempt as a failure, and locks the login from the <c>FailuresBeforeLockout</c>-th on.</summary>
    public void CountAttempt(DateTimeOffset now, SignInSettings settings)
    {
        Count++;
        LockedUntil = LockoutAfter(Count, settings) is { } lockout ? now + lockout : null;
    }

    /// <summary>1 min at the 5th failure, 2 at the 6th, 4, 8, then 15 min (with the default settings).</summary>
    public static TimeSpan? LockoutAfter(int failures, SignInSettings settings)
    {
        var beyond = failures - settings.FailuresBeforeLockout;
        if (beyond < 0) return null;
        var doubled = settings.FirstLockout.Ticks * Math.Pow(2, Math.Min(beyond, 62)); // in double: no overflow
        return doubled < settings.LongestLockout.Ticks ? TimeSpan.FromTicks((long)doubled) : settings.LongestLockout;
    }

    /// <summary>"45 secondes", "1 minute", "15 minutes": a wait as the sign-in page says it.</summary>
    public static string InFrench(TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        if (seconds < 60) return seconds <= 1 ? "1 seconde" : $"{seconds} secondes";
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }
}

using EctLifecycle.Accounts;

namespace EctLifecycle.Tests.Accounts;

/// <summary>How long a login stays locked after failures in a row, with the default settings.</summary>
public class LockoutRules
{
    private static readonly SignInSettings Defaults = new();
    private static readonly DateTimeOffset Now = new(2026, 3, 29, 1, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4, null)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 4)]
    [InlineData(8, 8)]
    [InlineData(9, 15)]
    [InlineData(40, 15)]
    [InlineData(int.MaxValue, 15)]
    public void the_fifth_failure_locks_for_a_minute_and_each_next_one_twice_as_long_up_to_fifteen(int failures, int? minutes) =>
        SignInFailures.LockoutAfter(failures, Defaults).ShouldBe(minutes is { } m ? TimeSpan.FromMinutes(m) : null);

    [Fact]
    public void a_long_first_lockout_doubled_many_times_stops_at_the_longest_without_overflowing() =>
        SignInFailures.LockoutAfter(1000, new SignInSettings { FirstLockout = TimeSpan.FromDays(1), LongestLockout = TimeSpan.FromDays(30) })
            .ShouldBe(TimeSpan.FromDays(30));

    [Fact]
    public void a_locked_login_may_try_again_once_the_lockout_is_over_and_its_next_failure_locks_it_twice_as_long()
    {
        var failures = new SignInFailures();
        for (var i = 0; i < 5; i++) failures.CountAttempt(Now, Defaults);
        failures.WaitAt(Now).ShouldBe(TimeSpan.FromMinutes(1));
        failures.WaitAt(Now.AddSeconds(45)).ShouldBe(TimeSpan.FromSeconds(15));
        failures.WaitAt(Now.AddMinutes(1)).ShouldBeNull();

        failures.CountAttempt(Now.AddMinutes(1), Defaults);
        failures.WaitAt(Now.AddMinutes(1)).ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Theory]
    [InlineData(0.2, "1 seconde")]
    [InlineData(44.1, "45 secondes")]
    [InlineData(60, "1 minute")]
    [InlineData(119, "2 minutes")]
    [InlineData(900, "15 minutes")]
    public void the_wait_is_said_in_french_rounded_up(double seconds, string said) =>
        SignInFailures.InFrench(TimeSpan.FromSeconds(seconds)).ShouldBe(said);

    [Fact]
    public void the_lockout_is_kept_under_a_hash_of_the_login_never_the_login_itself() =>
        SignInFailures.IdOf("test-staff").ShouldSatisfyAllConditions(
            id => id.Length.ShouldBe(64), id => id.ShouldNotContain("test-staff"), id => id.ShouldBe(SignInFailures.IdOf("test-staff")));
}

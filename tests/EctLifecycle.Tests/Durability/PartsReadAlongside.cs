using EctLifecycle.Durability;

namespace EctLifecycle.Tests.Durability;

/// <summary>
/// The report's parts read at the same time: when the first fails, those beside it are cancelled and waited for, and the
/// first's failure is the one the request gets.
/// </summary>
public class PartsReadAlongside
{
    [Fact]
    public async Task a_failing_part_cancels_and_waits_for_those_beside_it_and_its_failure_is_reported()
    {
        using var cancel = new CancellationTokenSource();
        var besideEnded = false;
        async Task BesideAsync()
        {
            try { await Task.Delay(Timeout.Infinite, cancel.Token); }
            finally { besideEnded = true; }
        }
        var beside = BesideAsync();
        var failing = Alongside.RunAsync<int>(cancel, () => throw new InvalidOperationException("la partie lue d'abord"), beside);

        var thrown = await Should.ThrowAsync<InvalidOperationException>(failing.WaitAsync(TimeSpan.FromSeconds(30)));
        thrown.Message.ShouldBe("la partie lue d'abord");
        besideEnded.ShouldBeTrue("the part beside it was cancelled and had ended before the failure went on");
        beside.IsCanceled.ShouldBeTrue();
    }

    [Fact]
    public async Task parts_that_succeed_run_side_by_side_untouched()
    {
        using var cancel = new CancellationTokenSource();
        var beside = Task.Delay(50, cancel.Token);
        (await Alongside.RunAsync(cancel, async () => { await Task.Delay(10); return 42; }, beside)).ShouldBe(42);
        await beside;
        cancel.IsCancellationRequested.ShouldBeFalse();
    }
}

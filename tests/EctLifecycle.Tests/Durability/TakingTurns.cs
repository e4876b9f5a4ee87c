using EctLifecycle.Analytics;

namespace EctLifecycle.Tests.Durability;

/// <summary>The turns of the portfolio-wide computations (<see cref="PortfolioComputations"/>), as a caller sees them.</summary>
public class TakingTurns
{
    [Fact]
    public async Task a_caller_cancelled_while_waiting_leaves_the_queue_and_the_next_one_runs_after_the_running_one()
    {
        var turns = new PortfolioComputations();
        var release = new TaskCompletionSource();
        var running = turns.RunAsync(() => release.Task, default);
        using var cancel = new CancellationTokenSource();
        var ran = new List<string>();
        var cancelled = turns.RunAsync(() => { ran.Add("annulé"); return Task.CompletedTask; }, cancel.Token);
        var next = turns.RunAsync(() => { ran.Add("suivant"); return Task.FromResult(42); }, default);
        turns.Waiting.ShouldBe(2);
        turns.Running.ShouldBe(1);

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(cancelled);
        turns.Waiting.ShouldBe(1);
        next.IsCompleted.ShouldBeFalse("the running computation still holds the turn");

        release.SetResult();
        await running;
        (await next).ShouldBe(42);
        ran.ShouldBe(["suivant"]);
        turns.Running.ShouldBe(0);
    }

    [Fact]
    public async Task a_computation_that_fails_gives_its_turn_back()
    {
        var turns = new PortfolioComputations();
        await Should.ThrowAsync<InvalidOperationException>(turns.RunAsync(() => throw new InvalidOperationException("panne"), default));
        turns.Running.ShouldBe(0);
        (await turns.RunAsync(() => Task.FromResult("après"), default)).ShouldBe("après");
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(1, 1)]
    public async Task as_many_run_at_once_as_the_setting_says(int atOnce, int expected)
    {
        var turns = new PortfolioComputations(atOnce);
        var release = new TaskCompletionSource();
        var all = Enumerable.Range(0, 3).Select(_ => turns.RunAsync(() => release.Task, default)).ToList();
        turns.Running.ShouldBe(expected);
        turns.Waiting.ShouldBe(3 - expected);
        release.SetResult();
        await Task.WhenAll(all);
        turns.Running.ShouldBe(0);
    }

    [Fact]
    public void a_setting_below_one_is_refused_in_french()
    {
        Should.Throw<InvalidOperationException>(() => new PortfolioComputations(0)).Message
            .ShouldBe("Réglage Reports__PortfolioComputationsAtOnce : 0 refusé, au moins 1 calcul à la fois.");
    }
}

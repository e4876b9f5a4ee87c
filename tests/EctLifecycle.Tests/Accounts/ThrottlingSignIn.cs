using System.Diagnostics;
using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EctLifecycle.Tests.Accounts;

/// <summary>
/// Wrong passwords are throttled per login (5 failures lock it for 1 minute, kept in PostgreSQL) and per client address
/// (10 sign-in posts a minute); an unknown login is counted, locked and answered like a known one, in about the same time.
/// </summary>
public class ThrottlingSignIn(AppFixture app, ITestOutputHelper output) : ApiTest(app)
{
    private static readonly string Staff = AppFixture.LoginOf(Role.Staff);

    [Theory]
    [InlineData("test-staff")]
    [InlineData("personne-de-ce-nom")]
    public async Task the_fifth_wrong_password_locks_the_login_for_a_minute_even_for_the_right_password(string login)
    {
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await new Browser(App).SignInAsync(login, "pas-le-bon-mot-de-passe");
            wrong.Status.ShouldBe(HttpStatusCode.OK, $"attempt {attempt}");
            wrong.Text.ShouldContain("Identifiant ou mot de passe incorrect.");
        }
        var fifth = await new Browser(App).SignInAsync(login, "pas-le-bon-mot-de-passe");
        fifth.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        fifth.Text.ShouldContain("Trop d'échecs de connexion pour cet identifiant : réessayez dans 1 minute.");
        fifth.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(60));

        var right = await new Browser(App).SignInAsync(login, "mot-de-passe-de-test");
        right.Status.ShouldBe(HttpStatusCode.TooManyRequests, "locked, whatever the password");
        right.Text.ShouldContain("réessayez dans");
        right.SetCookies.ShouldNotContain(c => c.StartsWith(Authentication.CookieName));
        (await new Browser(App).SignInAsync(AppFixture.LoginOf(Role.Analyst))).Status.ShouldBe(HttpStatusCode.Redirect, "other logins are not locked");
    }

    [Fact]
    public async Task a_locked_login_may_try_again_once_its_minute_is_over_and_its_next_failure_locks_it_twice_as_long()
    {
        for (var i = 0; i < 5; i++) await new Browser(App).SignInAsync(Staff, "pas-le-bon");
        App.Clock.Advance(TimeSpan.FromSeconds(59));
        (await new Browser(App).SignInAsync(Staff)).Text.ShouldContain("réessayez dans 1 seconde.");
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        (await new Browser(App).SignInAsync(Staff, "pas-le-bon")).Text.ShouldContain("réessayez dans 2 minutes.");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await new Browser(App).SignedInAsync(Staff);
    }

    [Fact]
    public async Task a_successful_sign_in_forgets_the_failures()
    {
        for (var i = 0; i < 4; i++) (await new Browser(App).SignInAsync(Staff, "pas-le-bon")).Status.ShouldBe(HttpStatusCode.OK);
        await new Browser(App).SignedInAsync(Staff);
        for (var i = 0; i < 4; i++) (await new Browser(App).SignInAsync(Staff, "pas-le-bon")).Status.ShouldBe(HttpStatusCode.OK, $"failure {i + 1} after the success");
        (await new Browser(App).SignInAsync(Staff, "pas-le-bon")).Status.ShouldBe(HttpStatusCode.TooManyRequests, "the fifth since the success");
    }

    [Fact]
    public async Task twenty_wrong_attempts_at_once_on_one_login_get_no_more_than_four_plain_refusals()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => new Browser(App).SignInAsync(Staff, "pas-le-bon")));
        var counts = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", counts.Select(c => $"{(int)c.Key}: {c.Value}")));
        counts.GetValueOrDefault(HttpStatusCode.OK).ShouldBe(4, "attempts are counted before the password is checked, one at a time");
        counts.GetValueOrDefault(HttpStatusCode.TooManyRequests).ShouldBe(16);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<SignInFailures>(SignInFailures.IdOf(Staff)))!.Count.ShouldBe(5, "the locked attempts are not counted");
    }

    [Fact]
    public async Task one_address_may_post_ten_sign_ins_a_minute_then_gets_a_french_429_with_retry_after()
    {
        var address = Browser.NewAddress();
        for (var i = 0; i < 10; i++)
            (await new Browser(App, address).SignInAsync($"inconnu-{i}", "pas-le-bon")).Status.ShouldBe(HttpStatusCode.OK, $"post {i + 1}");

        var refused = await new Browser(App, address).SignInAsync(Staff);
        refused.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Text.ShouldContain("Trop de tentatives de connexion depuis votre adresse : réessayez dans");
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        (await new Browser(App, address).GetAsync("/connexion")).Status.ShouldBe(HttpStatusCode.OK, "the form itself is not limited");
        await new Browser(App).SignedInAsync(Staff); // from another address
    }

    [Fact]
    public async Task an_unknown_login_costs_about_the_same_time_as_a_known_one()
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        const int Tries = 20;
        await using (var session = store.LightweightSession())
        {
            for (var i = 0; i < Tries; i++) session.Store(UserAccount.Create($"connu-{i}", "Connu", Role.Staff, "mot-de-passe-de-test", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await new Browser(App).SignInAsync("echauffement", "pas-le-bon"); // the dummy hash is made once, on first use

        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < Tries; i++)
        {
            known.Add(await TimeWrongPasswordAsync($"connu-{i}"));
            unknown.Add(await TimeWrongPasswordAsync($"inconnu-{i}"));
        }
        var (k, u) = (Median(known), Median(unknown));
        output.WriteLine($"wrong password, median of {Tries}: known login {k:F1} ms, unknown login {u:F1} ms (ratio {Math.Max(k, u) / Math.Min(k, u):F2})");
        (Math.Max(k, u) / Math.Min(k, u)).ShouldBeLessThan(3);
    }

    private async Task<double> TimeWrongPasswordAsync(string login)
    {
        using var browser = new Browser(App);
        var clock = new Stopwatch();
        var answer = await browser.SignInAsync(login, "pas-le-bon-mot-de-passe", clock);
        answer.Status.ShouldBe(HttpStatusCode.OK);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}

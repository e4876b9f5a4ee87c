using System.Net;
using Alba;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace EctLifecycle.Tests.Accounts;

/// <summary>Each bearer request reads its token and the token's owner in the database, in one round trip.</summary>
public class CheckingTokens(AppFixture app, ITestOutputHelper output) : ApiTest(app)
{
    [Fact]
    public async Task a_token_and_its_owner_are_read_in_one_round_trip()
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var commands = new CountingLogger();
        session.Logger = commands;

        var owner = await session.ActiveOwnerOfTokenAsync(ApiToken.HashOf($"{ApiToken.Prefix}test-token-of-staff"), default);

        owner.ShouldNotBeNull().Id.ShouldBe(AppFixture.LoginOf(Role.Staff));
        output.WriteLine(string.Join("\n---\n", commands.Sql));
        commands.Sql.Count.ShouldBe(1, "one command or batch sent to PostgreSQL");
    }

    [Fact]
    public async Task a_token_revoked_or_an_owner_disabled_on_one_instance_is_refused_at_once_by_another()
    {
        await using var other = await AlbaHost.For<Program>(); // a second instance of the app, on the same database
        var (secret, revoked) = ApiToken.Issue(AppFixture.LoginOf(Role.Staff), "script", DateTimeOffset.UtcNow);
        var (analystSecret, analystToken) = ApiToken.Issue(AppFixture.LoginOf(Role.Analyst), "script", DateTimeOffset.UtcNow);
        await using (var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(revoked, analystToken);
            await session.SaveChangesAsync();
        }
        using var script = Bearer(other, secret);
        using var analystScript = Bearer(other, analystSecret);
        (await script.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analystScript.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Revoked on the first instance, through the account page; its owner's other token keeps working.
        using var staff = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Staff));
        (await staff.PostFormAsync("/compte", "/compte?handler=Revoquer", ("id", revoked.Id))).Text.ShouldContain("révoqué");
        (await script.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "refused by the other instance at once");
        (await Bearer(other, $"{ApiToken.Prefix}test-token-of-staff").GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The owner disabled on the first instance, through the users page.
        using var admin = await new Browser(App).SignedInAsync(AppFixture.LoginOf(Role.Admin));
        await admin.PostFormAsync("/utilisateurs", "/utilisateurs?handler=Basculer", ("id", AppFixture.LoginOf(Role.Analyst)));
        (await analystScript.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "its owner is disabled");
    }

    private static HttpClient Bearer(IAlbaHost host, string secret)
    {
        var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        return client;
    }

    private sealed class CountingLogger : IMartenSessionLogger
    {
        public List<string> Sql { get; } = [];
        public void OnBeforeExecute(NpgsqlCommand command) => Sql.Add(command.CommandText);
        public void OnBeforeExecute(NpgsqlBatch batch) => Sql.Add(string.Join(";\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));
        public void LogSuccess(NpgsqlCommand command) { }
        public void LogFailure(NpgsqlCommand command, Exception ex) { }
        public void LogSuccess(NpgsqlBatch batch) { }
        public void LogFailure(NpgsqlBatch batch, Exception ex) { }
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, Marten.Services.IChangeSet commit) { }
    }
}

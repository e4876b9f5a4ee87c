using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using JasperFx.CommandLine;
using EctLifecycle.Accounts;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Testcontainers.PostgreSql;

namespace EctLifecycle.Tests.Support;

/// <summary>
/// One app host for every HTTP test, on a real PostgreSQL: the one deploy/test provides
/// (ECT_TEST_CONNECTION_STRING), else a Testcontainers PostgreSQL when a Docker engine answers.
/// The app's clock is a fake one, standing still at <see cref="ClockStart"/> and put back there before each test.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    /// <summary>An instant such as 2026-03-29T01:30:00Z: where the app's clock stands in the tests (else the real now).</summary>
    public const string ClockVariable = "ECT_TEST_CLOCK";

    private PostgreSqlContainer? _container;
    public IAlbaHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public static DateTimeOffset ClockStart { get; } = ReadClockStart();

    /// <summary>The SMTP server the app sends its mails to: in this process, on a free port (netDumbster).</summary>
    public netDumbster.smtp.SimpleSmtpServer Smtp { get; private set; } = null!;

    /// <summary>Starts the SMTP server again on its port, after a test stopped it to see the mails wait.</summary>
    public void RestartSmtp() => Smtp = netDumbster.smtp.SimpleSmtpServer.Start(Smtp.Configuration.Port);

    /// <summary>The app's clock (the host's <see cref="TimeProvider"/>): what "now" and "today" are for the app.</summary>
    public FakeTimeProvider Clock { get; } = new(ClockStart);

    /// <summary>The app's today: the Paris date of its clock.</summary>
    public DateOnly Today => Host.Services.GetRequiredService<BusinessCalendar>().Today;

    public async Task InitializeAsync()
    {
        var connection = Environment.GetEnvironmentVariable("ECT_TEST_CONNECTION_STRING");
        if (string.IsNullOrWhiteSpace(connection))
        {
            try
            {
                _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await _container.StartAsync();
                connection = _container.GetConnectionString();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    "No PostgreSQL for the tests: run them with deploy/test (it provides one), " +
                    "set ECT_TEST_CONNECTION_STRING, or start a Docker engine for Testcontainers. " + ex.Message, ex);
            }
        }
        Environment.SetEnvironmentVariable("ECT_CONNECTION_STRING", connection);
        JasperFxEnvironment.AutoStartHost = true;
        Smtp = netDumbster.smtp.SimpleSmtpServer.Start();
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("Mail:Host", "127.0.0.1");
            web.UseSetting("Mail:Port", Smtp.Configuration.Port.ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Mail:Security", "none");
            web.UseSetting("App:BaseUrl", "http://ect.test");
            web.UseSetting(EctLifecycle.Durability.WatchListAtStart.Setting, "false");
            // The staff's page waits for the day's watch list it asks (a second or less here): longer than on a loaded machine's worst.
            web.UseSetting("WatchList:WaitAtView", "00:00:30");
            // The reports' page waits for its report likewise (a second or less here; the test of its wait sets its own).
            web.UseSetting(EctLifecycle.Durability.DurabilityPages.WaitSetting, "00:00:30");
            web.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        if (Host.Services.GetRequiredService<TimeProvider>() != Clock)
            throw new InvalidOperationException("the test host does not read the fake clock");
        Client = ClientAs(Role.Admin);
        await SeedUsersAsync();
    }

    /// <summary>The login and API token of the test user of each role (recreated after each reset).</summary>
    public static string LoginOf(Role role) => $"test-{role.ToString().ToLowerInvariant()}";
    public static string TokenOf(Role role) => $"{ApiToken.Prefix}test-token-of-{role.ToString().ToLowerInvariant()}";

    /// <summary>A client that sends the token of a user of that role; an anonymous one with null.</summary>
    public HttpClient ClientAs(Role? role)
    {
        var client = Host.Server.CreateClient();
        if (role is { } r) client.DefaultRequestHeaders.Authorization = new("Bearer", TokenOf(r));
        return client;
    }

    public async Task ResetAsync()
    {
        Clock.AdjustTime(ClockStart);
        await Host.ResetAllMartenDataAsync();
        await SeedUsersAsync();
        Smtp.ClearReceivedEmail();
    }

    private async Task SeedUsersAsync()
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        foreach (var role in Enum.GetValues<Role>())
        {
            var user = UserAccount.Create(LoginOf(role), $"Test {role}", role, "mot-de-passe-de-test", Clock.GetUtcNow());
            session.Store(user);
            session.Store(new ApiToken { Id = ApiToken.HashOf(TokenOf(role)), UserId = user.Id, Name = "tests", Hint = "ect_test…", CreatedAt = Clock.GetUtcNow() });
        }
        await session.SaveChangesAsync();
    }

    private static DateTimeOffset ReadClockStart()
    {
        var text = Environment.GetEnvironmentVariable(ClockVariable);
        if (string.IsNullOrWhiteSpace(text)) return TimeProvider.System.GetUtcNow();
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? start.ToUniversalTime()
            : throw new InvalidOperationException($"{ClockVariable}={text} is not an instant such as 2026-03-29T01:30:00Z");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Smtp.Dispose();
        if (_container is not null) await _container.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base of HTTP tests: a clean database before each test, and the staff's story as helpers.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(AppFixture app) : IAsyncLifetime
{
    protected HttpClient Client => app.Client;
    protected AppFixture App => app;

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    protected static object Registration(string name = "Les Paniers", string occurredOn = "2018-03-01") => new
    {
        name, sector = "alimentation", commune = "Lons-le-Saunier", summary = "Paniers bio pour femmes enceintes",
        occurredOn, emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
    };

    protected async Task<Guid> RegisterAsync(string name = "Les Paniers", string occurredOn = "2018-03-01")
    {
        var response = await Client.PostAsJsonAsync("/api/projects", Registration(name, occurredOn));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    protected Task<HttpResponseMessage> PostMilestoneAsync(Guid id, object body) =>
        Client.PostAsJsonAsync($"/api/projects/{id}/milestones", body);

    /// <summary>Logs a milestone that must be accepted; returns its event id.</summary>
    protected async Task<Guid> LogAsync(Guid id, object body)
    {
        var response = await PostMilestoneAsync(id, body);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["eventId"]!.GetValue<Guid>();
    }

    protected async Task<JsonObject> GetJsonAsync(string url)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    protected async Task<JsonArray> HistoryAsync(Guid id)
    {
        var response = await Client.GetAsync($"/api/projects/{id}/history");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    protected static async Task<JsonObject> ProblemAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    protected static object Actor(string name, string occurredOn, string kind = "association", bool isLocal = true, string role = "partner") =>
        new { type = "actorJoined", occurredOn, actorName = name, kind, isLocal, role };

    /// <summary>Imports the demo generator's synthetic portfolio of <paramref name="projects"/> projects, which must pass whole.</summary>
    protected async Task ImportSyntheticAsync(int projects, int seed)
    {
        var result = await App.Host.Services.GetRequiredService<EctLifecycle.Portfolio.PortfolioImporter>().ImportAsync(
            EctLifecycle.Portfolio.Demo.DemoPortfolio.ToFile(EctLifecycle.Portfolio.Demo.DemoPortfolio.Synthetic(projects, seed: seed)),
            false, "import", null, CancellationToken.None);
        result.Errors.ShouldBeEmpty();
    }

    protected static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}

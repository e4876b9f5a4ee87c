using System.Net.Http.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Plans;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Wolverine;

namespace EctLifecycle.Tests.Plans;

/// <summary>The staff's story around plans, told without the plans' API: plans are stored as documents, messages invoked.</summary>
public abstract class PlanMailStory(AppFixture app) : ApiTest(app)
{
    protected IDocumentStore Store => App.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// Registered today by the admin: the only plan the rules make of it is its re-assessment a year on, the admin's, so the
    /// plans the story stores are the only ones due.
    /// </summary>
    protected async Task<Guid> RegisterKeyedAsync(string key, string name)
    {
        var response = await Client.PostAsJsonAsync("/api/projects", new
        {
            key, name, sector = "alimentation", commune = "Lons-le-Saunier", summary = "Paniers bio", occurredOn = App.Today.ToString("yyyy-MM-dd"),
            emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false,
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<Guid>();
    }

    protected async Task<Plan> PlanAsync(Guid projectId, DateOnly due, string? inCharge, PlanKind kind = PlanKind.FollowUp,
        string title = "Suivi à 1 an de l'arrêt", PlanState state = PlanState.Open)
    {
        var plan = new Plan
        {
            Id = Guid.NewGuid(), ProjectId = projectId, Kind = kind, Title = title, Due = due, InCharge = inCharge, State = state,
            CreatedAt = App.Clock.GetUtcNow(), CreatedBy = "test-staff",
        };
        await using var session = Store.LightweightSession();
        session.Store(plan);
        await session.SaveChangesAsync();
        return plan;
    }

    protected async Task SaveAsync(Plan plan)
    {
        await using var session = Store.LightweightSession();
        session.Store(plan);
        await session.SaveChangesAsync();
    }

    /// <summary>Gives a test account an address and its choices, as /compte would.</summary>
    protected async Task MailChoiceAsync(Role role, string? email, bool reminders = true, bool digest = true)
    {
        await using var session = Store.LightweightSession();
        var user = (await session.LoadAsync<UserAccount>(AppFixture.LoginOf(role)))!;
        (user.Email, user.MailReminders, user.MailDigest) = (email, reminders, digest);
        session.Store(user);
        await session.SaveChangesAsync();
    }

    protected async Task InvokeAsync(object message)
    {
        using var scope = App.Host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    /// <summary>The mails the SMTP server received, parsed.</summary>
    protected IReadOnlyList<MimeMessage> Mails() =>
        App.Smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    protected static string Login(Role role) => AppFixture.LoginOf(role);
}

using EctLifecycle.Journal;
using EctLifecycle.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EctLifecycle.Tests.Journal;

/// <summary>The settings the app starts with are compared with the last ones in the journal: a change is an entry, the same ones are not.</summary>
public class SettingsInTheJournal(AppFixture app) : ApiTest(app)
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public async Task a_start_with_other_settings_is_in_the_journal_and_a_start_with_the_same_is_not()
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var first = SettingsJournal.Read(Configuration(("Import:MaxErrors", "200"), ("ECT_CONNECTION_STRING", "Password=secret")), "Production");
        first.Keys.ToList().ShouldBe(["Import:MaxErrors", "environment"], "no secret is read");

        var baseline = await SettingsJournal.RecordIfChangedAsync(store, App.Clock, first, default);
        baseline.ShouldNotBeNull().Summary.ShouldBe("Réglages au démarrage de l'application (premier relevé) : Import:MaxErrors 200 ; environment Production.");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await SettingsJournal.RecordIfChangedAsync(store, App.Clock, first, default)).ShouldBeNull();

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var changed = SettingsJournal.Read(Configuration(("Import:MaxErrors", "500"), ("SignIn:FailuresBeforeLockout", "3"), ("ECT_TRUSTED_PROXIES", "10.0.0.0/8")), "Production");
        (await SettingsJournal.RecordIfChangedAsync(store, App.Clock, changed, default)).ShouldNotBeNull().Summary.ShouldBe(
            "Réglages changés au démarrage de l'application : ECT_TRUSTED_PROXIES (non défini) → 10.0.0.0/8 ; Import:MaxErrors 200 → 500 ; " +
            "SignIn:FailuresBeforeLockout (non défini) → 3.");
        (await TheJournal.OfKindAsync(App.Client, AuditKind.SettingsChanged)).Count.ShouldBe(2);
    }
}

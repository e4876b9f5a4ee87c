using Microsoft.Playwright;

namespace EctLifecycle.BrowserTests;

/// <summary>
/// A hub event recorded with a mistake, in a real Chromium: staff correct it, retract an attendee (asked to confirm), then
/// withdraw it, which leaves it in the list marked as such. The event is dated before the demo's, so that it counts in no
/// other test once withdrawn.
/// </summary>
[Collection(BrowserCollection.Name)]
public class HubEventCorrections(BrowserFixture browser)
{
    [Fact]
    public async Task staff_correct_a_hub_event_retract_an_attendee_and_withdraw_the_event_which_stays_listed()
    {
        var page = await browser.SignedInPageAsync(DemoAccount.Equipe.Login, DemoAccount.Equipe.Password);
        await Evidence.KeepScreenshotOnFailureAsync(page, nameof(staff_correct_a_hub_event_retract_an_attendee_and_withdraw_the_event_which_stays_listed), async () =>
        {
            await page.GotoAsync("/evenements");
            // Recorded through the API from the signed-in page (a JSON body), with two actors of the demo's directory.
            var names = await page.EvaluateAsync<string[]>("""
                async () => {
                    const actors = (await (await fetch('/api/actors')).json()).slice(0, 2);
                    const answer = await fetch('/api/hub-events', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                        body: JSON.stringify({ name: 'Atelier saisi par erreur', kind: 'workshop', occurredOn: '2017-01-16',
                            attendees: actors.map(a => ({ actorId: a.id })) }) });
                    if (answer.status !== 201) throw new Error('hub event not recorded: ' + answer.status);
                    return actors.map(a => a.name);
                }
                """);
            await page.ReloadAsync();
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Corriger, retirer… « Atelier saisi par erreur » du 16/01/2017" }).ClickAsync();
            var edit = page.Locator("#modifier");
            await edit.GetByLabel("Nom de l'événement").FillAsync("");
            await edit.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correction" }).ClickAsync();
            (await page.Locator("#modifier .field-error").First.InnerTextAsync()).ShouldContain("champ obligatoire");

            await edit.GetByLabel("Nom de l'événement").FillAsync("Atelier des producteurs (essai)");
            await edit.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correction" }).ClickAsync();
            (await page.Locator(".flash").InnerTextAsync()).ShouldContain("Correction enregistrée");
            (await edit.Locator("h2").InnerTextAsync()).ShouldContain("« Atelier des producteurs (essai) » du 16/01/2017");

            await edit.GetByLabel($"Motif du retrait de « {names[1]} »", new() { Exact = false }).FillAsync("venu à un autre atelier");
            await edit.Locator("form", new() { HasText = names[1] }).GetByRole(AriaRole.Button, new() { Name = "Retirer ce participant" }).ClickAsync();
            (await page.Locator(".flash").InnerTextAsync()).ShouldContain("Participant retiré");
            (await edit.GetByTestId("hub-event-retracted").InnerTextAsync()).ShouldContain($"{names[1]} le");

            await edit.GetByLabel("Motif (enregistré par erreur, doublon…)").FillAsync("saisi pour essai");
            await edit.GetByRole(AriaRole.Button, new() { Name = "Retirer l'événement" }).ClickAsync();
            (await edit.GetByTestId("hub-event-withdrawn").InnerTextAsync()).ShouldContain("motif : saisi pour essai");
            (await page.GetByTestId("hub-events").InnerTextAsync()).ShouldContain("Atelier des producteurs (essai) retiré le");
        });
    }
}

using System.Net.Http.Json;
using System.Net;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Web;

/// <summary>
/// The staff's web forms, posted as a browser does: amounts and dates typed the French way are stored as they read,
/// and what cannot be read for sure is shown next to its field with nothing stored.
/// </summary>
public class TypingInTheForms(AppFixture app) : ApiTest(app)
{
    private static Dictionary<string, string> Funding(string amount) => new()
    {
        ["occurredOn"] = "2019-01-01", ["fundingId"] = "F1", ["sourceKind"] = "sales", ["funder"] = "Clients", ["amountEuros"] = amount,
    };

    private static Dictionary<string, string> RegistrationForm(string name, string occurredOn = "2018-03-01") => new()
    {
        ["name"] = name, ["sector"] = "alimentation", ["commune"] = "Lons-le-Saunier", ["summary"] = "Paniers bio",
        ["occurredOn"] = occurredOn, ["emergenceContext"] = "localProgramme", ["hubRole"] = "animator", ["inspiredElsewhere"] = "non",
    };

    private async Task<WebForms.Page> ShownAgainAsync(WebForms.Page page)
    {
        page.Status.ShouldBe(HttpStatusCode.OK, page.Text);
        page.Text.ShouldContain("Rien n'a été enregistré.");
        return page;
    }

    [Theory]
    [InlineData(@"15 000,50", "15000.5", "15 000,50 €")]
    [InlineData(@"15\u00a0000,50", "15000.5", "15 000,50 €")]
    [InlineData(@"15\u202f000,50", "15000.5", "15 000,50 €")]
    [InlineData(@"15000,5", "15000.5", "15 000,50 €")]
    [InlineData(@"15000.50", "15000.5", "15 000,50 €")]
    [InlineData(@"15 000 €", "15000", "15 000 €")]
    [InlineData(@"15000€", "15000", "15 000 €")]
    [InlineData(@"1,5", "1.5", "1,50 €")]
    public async Task an_amount_typed_the_french_way_in_the_funding_form_is_stored_as_it_reads_and_shown_so(string typed, string stored, string shown)
    {
        var id = await RegisterAsync();
        var page = await WebForms.PostAsync(Client, $"/projets/{id}/jalon/fundingSecured", Funding(typed.Unescaped()));

        page.Status.ShouldBe(HttpStatusCode.Redirect, page.Text);
        var amount = (await HistoryAsync(id))[1]!["data"]!["amountEuros"]!.GetValue<decimal>();
        amount.ShouldBe(decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture));
        // The card shows it with its cents, in the journey and in the active fundings (15 000,50 was shown « 15 001 € »).
        var card = await VisibleText.GetAsync(Client, $"/projets/{id}");
        card.ShouldContain($", {shown} (");
        card.ShouldContain($"Financements actifs {shown}");
    }

    [Theory]
    [InlineData("15.000", "« 15.000 » est ambigu (15 000 ou 15 ?) : écrivez 15000 ou 15 000,00 pour des milliers, 15,00 pour des décimales")]
    [InlineData("1,500,050", "par exemple 1 500 050")]
    [InlineData("1.500,50", "par exemple 1 500,50")]
    [InlineData("-15000", "ne peut pas être négatif")]
    [InlineData("150 000 000", "au plus 100 000 000 €")]
    [InlineData("quinze mille", "n'est pas un nombre")]
    public async Task an_amount_the_form_cannot_read_for_sure_is_shown_next_to_the_field_and_nothing_is_stored(string typed, string message)
    {
        var id = await RegisterAsync();
        var page = await ShownAgainAsync(await WebForms.PostAsync(Client, $"/projets/{id}/jalon/fundingSecured", Funding(typed)));

        page.Text.ShouldContain(message);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("31/02/2021", "le 31/02/2021 n'existe pas : février 2021 a 28 jours")]
    [InlineData("2020-02-30", "le 30/02/2020 n'existe pas : février 2020 a 29 jours")]
    [InlineData("15/13/2021", "« 15/13/2021 » n'est pas une date : il n'y a pas de mois 13 (de 1 à 12)")]
    [InlineData("3 février 2021", "date invalide, attendu le format AAAA-MM-JJ")]
    public async Task a_date_whose_day_does_not_exist_is_refused_saying_so_and_nothing_is_stored(string typed, string message)
    {
        var id = await RegisterAsync();
        var form = Funding("15 000");
        form["occurredOn"] = typed;
        var page = await ShownAgainAsync(await WebForms.PostAsync(Client, $"/projets/{id}/jalon/fundingSecured", form));

        page.Text.ShouldContain(message);
        (await HistoryAsync(id)).Count.ShouldBe(1);
        // The API says the same of the same text.
        var answer = await Client.PostAsJsonAsync($"/api/projects/{id}/milestones", new
        {
            type = "fundingSecured", occurredOn = typed, fundingId = "F1", sourceKind = "sales", funder = "Clients", amountEuros = 15000,
        });
        ((int)answer.StatusCode).ShouldBe(400);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        problem["errors"]!["occurredOn"]![0]!.GetValue<string>().ShouldStartWith(message);
    }

    [Theory]
    [InlineData("28/02/2021", "date attendue au format AAAA-MM-JJ : « 28/02/2021 » s'écrit 2021-02-28")]
    [InlineData("2021-2-8", "date attendue au format AAAA-MM-JJ : « 2021-2-8 » s'écrit 2021-02-08")]
    [InlineData("2021-02-28\uFEFF", "date attendue sans espace ni caractère invisible autour : 2021-02-28")]
    [InlineData("2021-02-28T23:30:00Z", "date attendue sans heure, au format AAAA-MM-JJ")]
    [InlineData("2021-02-28 et 2021-03-01", "date invalide, attendu le format AAAA-MM-JJ")]
    public async Task a_real_day_written_otherwise_is_refused_by_the_api_with_its_iso_spelling_and_the_analyses_say_the_same(string typed, string message)
    {
        var id = await RegisterAsync();
        var answer = await Client.PostAsJsonAsync($"/api/projects/{id}/milestones", new
        {
            type = "fundingSecured", occurredOn = typed, fundingId = "F1", sourceKind = "sales", funder = "Clients", amountEuros = 15000,
        });
        ((int)answer.StatusCode).ShouldBe(400);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        problem["errors"]!["occurredOn"]![0]!.GetValue<string>().ShouldStartWith(message);
        (await HistoryAsync(id)).Count.ShouldBe(1);

        var analysis = await Client.GetAsync($"/api/analytics/distribution?asOf={Uri.EscapeDataString(typed)}");
        ((int)analysis.StatusCode).ShouldBe(400);
        var refused = System.Text.Json.Nodes.JsonNode.Parse(await analysis.Content.ReadAsStringAsync())!;
        refused["errors"]!["asOf"]![0]!.GetValue<string>().ShouldStartWith(message);
    }

    [Fact]
    public async Task a_date_typed_day_first_is_shown_again_as_the_date_picker_reads_it_when_another_field_is_refused()
    {
        var id = await RegisterAsync();
        var form = Funding("quinze mille");
        form["occurredOn"] = "3/2/2021";
        form["periodEnd"] = "31/12/2022";
        var page = await ShownAgainAsync(await WebForms.PostAsync(Client, $"/projets/{id}/jalon/fundingSecured", form));

        page.Text.ShouldContain("value=\"2021-02-03\"");
        page.Text.ShouldContain("value=\"2022-12-31\"");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(@"Les\u0007Paniers", "caractère de contrôle invisible (U+0007")]
    [InlineData(@"Les\nPaniers", "retour à la ligne")]
    [InlineData(@"\u200b\u00a0\ufeff", "ne peut pas être vide : il ne contient que des caractères invisibles")]
    public async Task a_project_name_with_a_control_character_or_only_invisible_ones_is_refused_in_the_form(string typed, string message)
    {
        var page = await ShownAgainAsync(await WebForms.PostAsync(Client, "/projets/nouveau", RegistrationForm(typed.Unescaped())));

        page.Text.ShouldContain(message);
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_form_with_a_nul_in_a_field_which_aspnet_cannot_read_gets_a_french_page_and_nothing_is_stored()
    {
        var page = await WebForms.PostAsync(Client, "/projets/nouveau", RegistrationForm("Les\u0000Paniers".Unescaped()));

        page.Status.ShouldBe(HttpStatusCode.BadRequest, page.Text);
        page.Text.ShouldContain("Rien n'a été enregistré.");
        page.Text.ShouldContain("un caractère nul");
        page.Text.ShouldContain("<a href=\"/projets/nouveau\">Revenir au formulaire</a>");
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(@"1/3/2018")]
    [InlineData(@"01/03/2018\u00a0")]
    [InlineData(@"2018-3-1")]
    public async Task a_date_typed_by_hand_in_the_form_is_read_as_a_french_reader_reads_it(string typed)
    {
        var page = await WebForms.PostAsync(Client, "/projets/nouveau", RegistrationForm("Les Paniers", typed.Unescaped()));

        page.Status.ShouldBe(HttpStatusCode.Redirect, page.Text);
        var project = (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Single()!;
        (await HistoryAsync(project["id"]!.GetValue<Guid>()))[0]!["occurredOn"]!.GetValue<string>().ShouldBe("2018-03-01");
    }
}

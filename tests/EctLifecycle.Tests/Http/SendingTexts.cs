using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Http;

/// <summary>
/// Bodies sent as raw bytes, as a script or an attacker would: what PostgreSQL could not store, or what is not text,
/// is a 400 naming the field (the whole body, "corps", when it is not UTF-8), and nothing is stored.
/// </summary>
public class SendingTexts(AppFixture app) : ApiTest(app)
{
    private const string OtherFields = """
        "sector":"alimentation","commune":"Lons-le-Saunier","summary":"Paniers bio","occurredOn":"2018-03-01",
        "emergenceContext":"localProgramme","hubRole":"animator","inspiredElsewhere":false
        """;

    private Task<HttpResponseMessage> PostBytesAsync(string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Client.PostAsync(url, content);
    }

    private Task<HttpResponseMessage> RegisterRawAsync(string nameJson) =>
        PostBytesAsync("/api/projects", Encoding.UTF8.GetBytes($$"""{"name":"{{nameJson}}",{{OtherFields}}}"""));

    private async Task<string> RefusedAsync(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = await ProblemAsync(response);
        problem["title"]!.GetValue<string>().ShouldBe("La requête contient des champs invalides");
        return problem["errors"]![field]![0]!.GetValue<string>();
    }

    private async Task NothingRegisteredAsync() => (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();

    [Theory]
    [InlineData(@"Les\u0000Paniers", "caractère nul (U+0000, au caractère 4)")]
    [InlineData(@"Les Paniers\u0000", "caractère nul")]
    [InlineData(@"Les\ud800Paniers", "moitié isolée de caractère UTF-16")]
    [InlineData(@"Les Paniers\udc00", "moitié isolée de caractère UTF-16")]
    [InlineData(@"Les\u0007Paniers", "caractère de contrôle invisible (U+0007")]
    [InlineData(@"Les\u009bPaniers", "caractère de contrôle invisible (U+009B")]
    [InlineData(@"Les\nPaniers", "retour à la ligne")]
    [InlineData(@"Les\tPaniers", "tabulation")]
    public async Task a_name_with_a_nul_half_a_character_or_a_control_character_is_a_400_naming_it_and_registers_nothing(string nameJson, string message)
    {
        (await RefusedAsync(await RegisterRawAsync(nameJson), "name")).ShouldContain(message);
        await NothingRegisteredAsync();
    }

    [Theory]
    [InlineData(@" ")]
    [InlineData(@"\u00a0\u202f")]
    [InlineData(@"\u200b")]
    [InlineData(@"\ufeff\u2060\u00ad")]
    [InlineData(@"\u200b\u00a0\ufeff\u2060\u00ad \u200e\u3164")]
    public async Task a_name_made_only_of_invisible_characters_is_refused_as_empty(string nameJson)
    {
        (await RefusedAsync(await RegisterRawAsync(nameJson), "name")).ShouldStartWith("ne peut pas être vide");
        await NothingRegisteredAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]
    [InlineData(new byte[] { 0xc0, 0x80 })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    [InlineData(new byte[] { 0xc3 })]
    [InlineData(new byte[] { 0xe9, 0x70 })]
    public async Task a_body_that_is_not_utf8_is_a_400_naming_the_body_and_registers_nothing(byte[] invalid)
    {
        var body = Encoding.UTF8.GetBytes("""{"name":"Les """).Concat(invalid).Concat(Encoding.UTF8.GetBytes($$"""Paniers",{{OtherFields}}}""")).ToArray();
        (await RefusedAsync(await PostBytesAsync("/api/projects", body), "corps")).ShouldContain("n'est pas un texte UTF-8 valide (octet invalide à la position 14)");
        await NothingRegisteredAsync();
    }

    [Fact]
    public async Task a_field_name_that_is_half_a_character_is_a_400_naming_the_body()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"\ud800":"x","name":"Les Paniers",{{OtherFields}}}""");
        (await RefusedAsync(await PostBytesAsync("/api/projects", body), "corps")).ShouldContain("nom de champ");
        await NothingRegisteredAsync();
    }

    [Fact]
    public async Task a_nul_in_a_registration_is_named_with_every_other_fields_error_in_one_answer_and_registers_nothing()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"name":"Les\u0000Paniers","sector":"alimentation","commune":"Lons-le-Saunier","summary":"Paniers\ud800 bio",
             "occurredOn":"31/02/2018","emergenceContext":"localProgramme","hubRole":"chef","inspiredElsewhere":false}
            """);
        var response = await PostBytesAsync("/api/projects", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await ProblemAsync(response))["errors"]!.AsObject();
        errors.Select(e => e.Key).Order(StringComparer.Ordinal).ShouldBe(["hubRole", "name", "occurredOn", "summary"]);
        errors["name"]![0]!.GetValue<string>().ShouldContain("caractère nul");
        errors["summary"]![0]!.GetValue<string>().ShouldContain("moitié isolée");
        errors["name"]!.AsArray().Count.ShouldBe(1, "not also « empty »: the text was refused, not missing");
        await NothingRegisteredAsync();
    }

    [Fact]
    public async Task a_nul_in_an_optional_field_alone_still_refuses_the_registration()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"name":"Les Paniers","key":"P\u0000045",{{OtherFields}}}""");
        (await RefusedAsync(await PostBytesAsync("/api/projects", body), "key")).ShouldContain("caractère nul");
        await NothingRegisteredAsync();
    }

    [Fact]
    public async Task a_nul_deep_in_a_milestone_is_named_by_its_path_and_appends_nothing()
    {
        var id = await RegisterAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"type":"criteriaAssessed","occurredOn":"2019-01-01","gridVersion":"v1",
             "scores":[{"criterionId":"social-cohesion","points":2,"rationale":"réunions\u0000mensuelles"}]}
            """);
        var response = await PostBytesAsync($"/api/projects/{id}/milestones", body);
        (await RefusedAsync(response, "scores[0].rationale")).ShouldContain("U+0000");
        (await ProblemAsync(response))["errors"]!.AsObject().Count.ShouldBe(1, "the text alone is at fault");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_reason_sent_with_a_nul_is_named_alone_not_as_a_missing_reason()
    {
        var id = await RegisterAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"type":"projectStopped","occurredOn":"2020-01-01","reasons":["fundingLostOrEnded\u0000"],"note":"fin"}
            """);
        var response = await PostBytesAsync($"/api/projects/{id}/milestones", body);
        (await RefusedAsync(response, "reasons[0]")).ShouldContain("caractère nul");
        (await ProblemAsync(response))["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["reasons[0]"]);
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_field_sent_with_a_nul_that_no_milestone_has_is_said_unknown_too()
    {
        var id = await RegisterAsync();
        var body = Encoding.UTF8.GetBytes("""{"type":"note","occurredOn":"2019-01-01","text":"Réunion","txet":"R\u0000"}""");
        var messages = (await ProblemAsync(await PostBytesAsync($"/api/projects/{id}/milestones", body)))["errors"]!["txet"]!.AsArray()
            .Select(m => m!.GetValue<string>()).ToList();
        messages.Count.ShouldBe(2);
        messages[0].ShouldStartWith("champ inconnu");
        messages[1].ShouldContain("caractère nul");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_field_name_that_is_half_a_character_deep_in_a_milestone_is_a_400_naming_where()
    {
        var id = await RegisterAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"type":"criteriaAssessed","occurredOn":"2019-01-01","gridVersion":"v1","scores":[{"\ud800":1,"criterionId":"social-cohesion","points":2}]}
            """);
        (await RefusedAsync(await PostBytesAsync($"/api/projects/{id}/milestones", body), "scores[0]")).ShouldContain("nom de champ");
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_nul_deep_in_a_milestone_is_named_with_the_milestones_other_errors_and_appends_nothing()
    {
        var id = await RegisterAsync();
        var body = Encoding.UTF8.GetBytes("""
            {"type":"criteriaAssessed","occurredOn":"2019-01-01","gridVersion":"v1",
             "scores":[{"criterionId":"social-cohesion","points":7,"rationale":"réunions\u0000mensuelles"}]}
            """);
        var response = await PostBytesAsync($"/api/projects/{id}/milestones", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await ProblemAsync(response))["errors"]!.AsObject();
        errors["scores[0].rationale"]![0]!.GetValue<string>().ShouldContain("U+0000");
        errors.ContainsKey("scores[0].points").ShouldBeTrue(string.Join(", ", errors.Select(e => e.Key)));
        (await HistoryAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_long_text_keeps_its_line_breaks_and_tabs_and_refuses_other_control_characters()
    {
        var id = await RegisterAsync();
        var note = Encoding.UTF8.GetBytes("""{"type":"note","occurredOn":"2019-01-01","text":"Réunion :\r\n\t- lancement"}""");
        (await PostBytesAsync($"/api/projects/{id}/milestones", note)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bell = Encoding.UTF8.GetBytes("""{"type":"note","occurredOn":"2019-01-02","text":"Réunion\u0007"}""");
        (await RefusedAsync(await PostBytesAsync($"/api/projects/{id}/milestones", bell), "text")).ShouldContain("U+0007");

        var history = await HistoryAsync(id);
        history.Count.ShouldBe(2);
        history[1]!["data"]!["text"]!.GetValue<string>().ShouldBe("Réunion :\r\n\t- lancement");
    }

    [Fact]
    public async Task a_name_is_stored_trimmed_and_composed_so_that_an_actor_pasted_decomposed_can_leave_by_its_typed_name()
    {
        var created = await RegisterRawAsync(@"\u200b Cre\u0301che des Lilas\u00a0");
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await ProblemAsync(created))["id"]!.GetValue<Guid>();
        (await GetJsonAsync($"/api/projects/{id}"))["name"]!.GetValue<string>().ShouldBe("Cr\u00e9che des Lilas");

        var joined = Encoding.UTF8.GetBytes("""
            {"type":"actorJoined","occurredOn":"2018-04-01","actorName":"Amicale des Fe\u0301es","kind":"association","isLocal":true,"role":"partner"}
            """);
        (await PostBytesAsync($"/api/projects/{id}/milestones", joined)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await LogAsync(id, new { type = "actorLeft", occurredOn = "2019-01-01", actorName = "Amicale des F\u00e9es", reason = "fin" });
    }
}

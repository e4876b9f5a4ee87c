using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Projects;

public class RegisteringProjects(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task registering_a_project_answers_201_with_its_id_and_location()
    {
        var response = await Client.PostAsJsonAsync("/api/projects", Registration());
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await ProblemAsync(response))["id"]!.GetValue<Guid>();
        response.Headers.Location!.ToString().ShouldBe($"/api/projects/{id}");

        var project = await GetJsonAsync($"/api/projects/{id}?asOf=2018-03-01");
        project["name"]!.GetValue<string>().ShouldBe("Les Paniers");
        project["stage"]!.GetValue<string>().ShouldBe("idea");
        project["emergence"]!["context"]!.GetValue<string>().ShouldBe("localProgramme");
        project["emergence"]!["hubRole"]!.GetValue<string>().ShouldBe("animator");
        var history = await HistoryAsync(id);
        history.Count.ShouldBe(1);
        history[0]!["loggedBy"]!.GetValue<string>().ShouldBe(AppFixture.LoginOf(EctLifecycle.Accounts.Role.Admin), "who logs is the signed-in user");
        history[0]!["type"]!.GetValue<string>().ShouldBe("projectRegistered");
    }

    [Fact]
    public async Task a_registration_with_bad_fields_names_each_of_them_and_creates_nothing()
    {
        var response = await Client.PostAsJsonAsync("/api/projects", new
        {
            name = "", sector = "alimentation", commune = "Lons", summary = "s", occurredOn = "1989-12-31",
            emergenceContext = "alien", hubRole = "animator", inspiredElsewhere = "oui", colour = "blue",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["name", "occurredOn", "emergenceContext", "inspiredElsewhere", "colour"], ignoreOrder: true);
        errors["emergenceContext"]![0]!.GetValue<string>().ShouldContain("programme national, programme local animé par le pôle");
        errors["emergenceContext"]![0]!.GetValue<string>().ShouldContain("nationalProgramme", Case.Sensitive, "the API's ProblemDetails give the wire names too");

        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task malformed_json_is_a_400_not_a_crash()
    {
        var response = await Client.PostAsync("/api/projects",
            new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["corps"].ShouldNotBeNull();
    }

    [Fact]
    public async Task the_portfolio_lists_only_projects_that_had_emerged_by_the_date()
    {
        await RegisterAsync("Ancien", "2015-01-01");
        await RegisterAsync("Récent", "2022-01-01");
        var at2020 = await GetJsonAsync("/api/projects?asOf=2020-01-01");
        at2020["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["Ancien"]);
        var now = await GetJsonAsync("/api/projects");
        now["projects"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_project_registered_without_a_key_gets_the_next_readable_one_even_when_many_register_at_once()
    {
        var given = await Client.PostAsJsonAsync("/api/projects", new
        {
            name = "Clé donnée", sector = "s", commune = "c", summary = "r", occurredOn = "2018-03-01",
            emergenceContext = "localProgramme", hubRole = "animator", inspiredElsewhere = false, key = "p041",
        });
        given.StatusCode.ShouldBe(HttpStatusCode.Created);

        var ids = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => RegisterAsync($"Projet {i}")));

        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        var keys = new List<string>();
        foreach (var id in ids)
            keys.Add(((EctLifecycle.Projects.ProjectRegistered)(await EctLifecycle.Timelines.EventStoreReads.LoadTimelineAsync(session, id, default))!
                .Registration!.Event).Key!);
        keys.Order().ShouldBe(Enumerable.Range(42, 8).Select(n => $"P0{n}"), "after the highest P key, one each, none twice");

        var page = EctLifecycle.Tests.Support.VisibleText.Of(await Client.GetStringAsync($"/projets/{ids[0]}"));
        page.ShouldNotContain(ids[0].ToString());
        page.ShouldContain(keys[0]);
    }
}

using System.Net;
using System.Net.Http.Json;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Accounts;

public class AccessRights(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task every_api_route_needs_a_signed_in_user_or_a_token()
    {
        var anonymous = App.ClientAs(null);
        foreach (var url in new[] { "/api/projects", "/api/grids", "/api/analytics/distribution", "/api/exports/portfolio.xlsx" })
        {
            var response = await anonymous.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, url);
            (await ProblemAsync(response))["title"]!.GetValue<string>().ShouldBe("Authentification requise");
        }
        (await anonymous.PostAsJsonAsync("/api/projects", Registration())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var forged = new HttpClient(App.Host.Server.CreateHandler()) { BaseAddress = anonymous.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "ect_not-a-real-token");
        (await forged.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task each_role_has_its_rights_and_gets_403_beyond_them()
    {
        var staff = App.ClientAs(Role.Staff);
        var analyst = App.ClientAs(Role.Analyst);

        var created = await staff.PostAsJsonAsync("/api/projects", Registration());
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await HistoryAsync((await ProblemAsync(created))["id"]!.GetValue<Guid>()))[0]!["loggedBy"]!.GetValue<string>()
            .ShouldBe(AppFixture.LoginOf(Role.Staff));
        (await staff.GetAsync("/api/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.GetAsync("/api/analytics/distribution")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await staff.GetAsync("/api/exports/portfolio.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await analyst.PostAsJsonAsync("/api/projects", Registration())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await analyst.GetAsync("/api/analytics/distribution")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analyst.GetAsync("/api/exports/portfolio.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetJsonAsync("/api/projects"))["projects"]!.AsArray().Count.ShouldBe(1, "the analyst's refused write appended nothing");
    }

    [Fact]
    public async Task the_logger_is_the_signed_in_user_not_a_field_of_the_request()
    {
        var id = await RegisterAsync();
        var response = await PostMilestoneAsync(id, new { type = "note", occurredOn = "2019-01-01", text = "x", loggedBy = "quelqu'un d'autre" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response))["errors"]!["loggedBy"].ShouldNotBeNull();
    }
}

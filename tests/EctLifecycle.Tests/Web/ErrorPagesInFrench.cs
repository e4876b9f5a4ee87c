using System.Net;
using EctLifecycle.Accounts;
using EctLifecycle.Tests.Support;

namespace EctLifecycle.Tests.Web;

/// <summary>An unknown or forbidden page is a French page for a browser; the API and JSON clients keep their ProblemDetails.</summary>
public class ErrorPagesInFrench(AppFixture app) : ApiTest(app)
{
    private static HttpRequestMessage Get(string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Theory]
    [InlineData("/nulle-part")]
    [InlineData("/projets/00000000-0000-0000-0000-000000000001")]
    public async Task an_unknown_page_is_a_french_page_for_a_browser(string url)
    {
        var response = await Client.SendAsync(Get(url, Browser));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var text = VisibleText.Of(await response.Content.ReadAsStringAsync());
        text.ShouldContain("Page introuvable");
        text.ShouldContain("Retour au portefeuille");
    }

    [Fact]
    public async Task a_forbidden_page_is_a_french_page_for_a_browser()
    {
        var response = await App.ClientAs(Role.Staff).SendAsync(Get("/utilisateurs", Browser));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        VisibleText.Of(await response.Content.ReadAsStringAsync()).ShouldContain("Accès refusé");
    }

    [Theory]
    [InlineData("/api/nulle-part", Browser, HttpStatusCode.NotFound)]
    [InlineData("/nulle-part", "application/json", HttpStatusCode.NotFound)]
    [InlineData("/nulle-part", "*/*", HttpStatusCode.NotFound)]
    public async Task the_api_and_json_clients_keep_their_problem_details(string url, string accept, HttpStatusCode status)
    {
        var response = await Client.SendAsync(Get(url, accept));

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task a_forbidden_api_call_keeps_its_problem_details_even_from_a_browser()
    {
        var response = await App.ClientAs(Role.Analyst).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/projects")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Accept", Browser } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}

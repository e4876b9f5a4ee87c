using System.Text.RegularExpressions;
using EctLifecycle.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EctLifecycle.Communes;

/// <summary>A commune as the API answers it, with where the territory's settings put it.</summary>
public sealed record CommuneAnswer(
    string Code, string Name, string Label, string Departement, string DepartementName, string? EpciCode, string? EpciName,
    int Population, bool InAgglomeration, string PopulationClass)
{
    public static CommuneAnswer Of(Commune c, Territory t) =>
        new(c.Code, c.Name, c.Label, c.Departement, c.DepartementName, c.EpciCode, c.EpciName, c.Population,
            t.InAgglomeration(c.Code), t.PopulationClassOf(c.Code));
}

/// <summary><c>GET /api/communes?q=</c>: the communes a typed text may mean, for the commune fields of the forms.</summary>
public static partial class SearchCommunesEndpoint
{
    public const int Limit = 20;

    [GeneratedRegex(@"^(\d[\dAB]\d{3})$")]
    private static partial Regex InseeCode();

    [WolverineGet("/api/communes")]
    [Query("q", "Le début du nom (2 lettres au moins ; accents, majuscules, tirets et « St » indifférents) ou le code INSEE ; " +
        "« Poligny (39) » se limite au département.", Required = true)]
    [Tags("Communes"), EndpointSummary("Les communes du code officiel géographique qui répondent à un texte, celles du département préféré d'abord")]
    [ProducesResponseType<List<CommuneAnswer>>(200), ProducesResponseType<HttpValidationProblemDetails>(400), ProducesResponseType<ProblemDetails>(503)]
    public static IResult Get(HttpRequest request, Territory territory)
    {
        var catalog = territory.Catalog;
        if (catalog.Missing is { } missing)
            return Results.Problem(title: "Code officiel géographique absent", detail: missing, statusCode: StatusCodes.Status503ServiceUnavailable);
        var q = request.Query["q"].ToString().Trim();
        if (InseeCode().IsMatch(q))
            return Results.Ok(catalog.Find(q) is { } byCode ? [CommuneAnswer.Of(byCode, territory)] : new List<CommuneAnswer>());
        var (name, departement) = (q, (string?)null);
        if (Regex.Match(q, @"^(?<name>.*?)\s*\((?<dep>\d[\dAB]|\d{3})\)$") is { Success: true } m) (name, departement) = (m.Groups["name"].Value, m.Groups["dep"].Value);
        if (CommuneNames.Key(name).Replace(" ", "").Length < 2)
            return Problems.Invalid("q", q.Length == 0
                ? "obligatoire : au moins 2 lettres du nom de la commune, ou son code INSEE (5 caractères)"
                : $"« {q} » est trop court : au moins 2 lettres du nom de la commune, ou son code INSEE (5 caractères)");
        var found = catalog.Search(name, territory.Settings.Departement, departement is null ? Limit : int.MaxValue)
            .Where(c => departement is null || c.Departement == departement).Take(Limit);
        return Results.Ok(found.Select(c => CommuneAnswer.Of(c, territory)).ToList());
    }
}

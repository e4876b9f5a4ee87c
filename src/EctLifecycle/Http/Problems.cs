namespace EctLifecycle.Http;

/// <summary>The API's ProblemDetails answers, with French titles and details for staff.</summary>
public static class Problems
{
    public static IResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "La requête contient des champs invalides",
            detail: string.Join(" ; ", errors.Select(e => $"{e.Key} : {string.Join(", ", e.Value)}")));

    public static IResult ProjectNotFound(Guid id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Projet inconnu",
        detail: $"aucun projet d'identifiant {id}");

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static IResult Conflict(string rule, string detail, Guid? eventId = null) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Règle métier non respectée", detail: detail,
        extensions: new Dictionary<string, object?> { ["rule"] = rule, ["eventId"] = eventId });

    public static IResult StaleVersion(long expected, long actual) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Version périmée",
        detail: $"version attendue {expected}, mais le projet est à la version {actual} : rechargez-le avant de réessayer",
        extensions: new Dictionary<string, object?> { ["rule"] = "expectedVersion", ["currentVersion"] = actual });
}

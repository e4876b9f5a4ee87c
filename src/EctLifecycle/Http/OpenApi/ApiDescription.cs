using EctLifecycle.Scoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace EctLifecycle.Http.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c>: what the framework sees of the endpoints (routes, answers' types, tags, summaries), and what
/// it cannot see, added from the code's own knowledge: the bodies read by hand (<see cref="Bodies"/>), the query
/// parameters read by hand (<see cref="QueryParameters"/>), the files answered (<see cref="MediaTypes"/>), the bearer
/// scheme and each route's roles (<see cref="Access"/>).
/// </summary>
public static class ApiDescription
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Santé"] = "L'état de l'application et de sa base, sans connexion.",
        ["Projets"] = "Enregistrer un projet, saisir ses jalons datés, lire son état, son score et son histoire à une date.",
        ["Grilles"] = "Les grilles ECT versionnées : piliers, critères, niveaux de points.",
        ["Analyses"] = "Les analyses du portefeuille à une date, en JSON ou en CSV long.",
        ["Rapports"] = "Les rapports de durabilité : JSON, HTML, PDF, Markdown ou CSV.",
        ["Import / export"] = "Le portefeuille en classeur XLSX ou en zip de CSV, à importer ou exporté.",
        ["Données personnelles"] = "Le registre des personnes nommées et l'effacement d'un nom (RGPD).",
        ["Administration"] = "Le journal d'audit et la relecture du modèle de lecture.",
        [Plans.GetPlansEndpoint.Tag] = "Ce qui doit être fait sur un projet avant un jour donné : suivis, réévaluations, fins de financement ; les rappels et la semaine par courriel.",
        ["Communes"] = "Les communes du code officiel géographique (@etalab/decoupage-administratif) et les projets à y placer.",
        ["Acteurs"] = "L'annuaire des acteurs partagé par les projets : recherche, inscription, fusions, liens des noms saisis à confirmer.",
        ["Événements du pôle"] = "Les événements collectifs du pôle (Start Up de Territoire, ateliers, forums) et les acteurs de l'annuaire venus.",
        ["Calendrier"] = "Le calendrier personnel (iCalendar) des actions prévues, derrière un lien secret révocable.",
    };

    private static readonly Dictionary<string, string> StatusTexts = new()
    {
        ["200"] = "Réponse", ["201"] = "Créé", ["400"] = "Requête invalide : chaque champ en erreur est nommé, en français",
        ["404"] = "Introuvable", ["409"] = "Refusé : la demande contredit l'état du projet (règle métier, version périmée, projet non arrêté…)",
        ["413"] = "Trop volumineux", ["422"] = "Même Idempotency-Key, autre corps", ["503"] = "Indisponible",
    };

    public static IServiceCollection AddEctOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "EctLifecycle";
            document.Info.Description = "L'API du suivi des projets du pôle : enregistrer un projet, dater ses jalons, lire son " +
                "état et son score ECT à une date, les analyses du portefeuille et les rapports de durabilité. Chaque appel " +
                "porte un jeton personnel (Authorization: Bearer ect_…) ; les erreurs sont des ProblemDetails en français.";
            // Relative to where the description is read: the app serves it itself, behind a proxy or not.
            document.Servers = [new OpenApiServer { Url = "/", Description = "L'application qui sert cette description" }];
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                tag.Description = tag.Name is { } name && Tags.TryGetValue(name, out var about) ? about : null;
            Access.AddScheme(document);
            Bodies.AddComponents(document, context.ApplicationServices.GetRequiredService<GridCatalog>());
            document.Components?.Schemas?.Remove(nameof(IResult));
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(async (operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var document = context.Document!;
            // Wolverine gives its endpoint's name as the description when the code gives none: no sentence for a person.
            if (operation.Description == operation.OperationId) operation.Description = null;
            // An endpoint that returns IResult says nothing of its body by its type: the answers it declares say it.
            foreach (var said in context.Description.SupportedResponseTypes.Where(r => r.Type is { } t && typeof(IResult).IsAssignableFrom(t)))
                operation.Responses?.Remove(said.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (status, response) in operation.Responses ?? [])
                if (response is OpenApiResponse plain && StatusTexts.TryGetValue(status, out var text)) plain.Description = text;
            if (metadata.OfType<DescribedBodyAttribute>().FirstOrDefault() is { } body)
                operation.RequestBody = Bodies.For(body.Kind, document);
            QueryParameters.Describe(operation, metadata, context.ApplicationServices.GetRequiredService<GridCatalog>());
            MediaTypes.Describe(operation, context.Description.RelativePath ?? "", metadata);
            await Access.DescribeAsync(operation, metadata, document, context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>());
        });
    });
}

using System.Text.Json.Nodes;
using EctLifecycle.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.OpenApi;

namespace EctLifecycle.Http.OpenApi;

/// <summary>
/// The bearer-token scheme (a personal token made on « Mon compte ») and, on each operation, the roles that may call it,
/// read from its authorization policy; a route without one needs any signed-in user (the fallback policy).
/// </summary>
public static class Access
{
    public const string Scheme = "bearer";
    public const string RolesExtension = "x-roles";

    public static void AddScheme(OpenApiDocument document) => document.AddComponent<IOpenApiSecurityScheme>(Scheme, new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        BearerFormat = "ect_…",
        Description = "Un jeton personnel créé sur la page « Mon compte » (ou par la commande users token), envoyé en " +
            "Authorization: Bearer ect_… ; sans jeton 401, au-delà du rôle 403.",
    });

    public static async Task DescribeAsync(OpenApiOperation operation, IList<object> metadata, OpenApiDocument document, IAuthorizationPolicyProvider policies)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement()]; // said open to all, not forgotten
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray());
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}Sans connexion.";
            return;
        }
        var roles = await RolesAsync(metadata, policies);
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray(roles.Select(r => (JsonNode)JsonValue.Create(r.ToString())!).ToArray()));
        var who = roles.Count == Enum.GetValues<Role>().Length
            ? "tout utilisateur connecté (Équipe, Analyste, Administrateur)"
            : string.Join(", ", roles.Select(r => r.InFrench()));
        operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}Rôles : {who}.";
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Non connecté : jeton absent, inconnu ou révoqué." });
        if (roles.Count < Enum.GetValues<Role>().Length)
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Le rôle ne permet pas cette action." });
    }

    /// <summary>The roles the operation's policies let in: all of them when the policies only ask for a signed-in user.</summary>
    private static async Task<IReadOnlyList<Role>> RolesAsync(IList<object> metadata, IAuthorizationPolicyProvider policies)
    {
        var allowed = Enum.GetValues<Role>().ToList();
        var data = metadata.OfType<IAuthorizeData>().ToList();
        var policy = data.Count > 0
            ? await AuthorizationPolicy.CombineAsync(policies, data)
            : await policies.GetFallbackPolicyAsync();
        foreach (var requirement in policy?.Requirements.OfType<RolesAuthorizationRequirement>() ?? [])
            allowed = allowed.Where(r => requirement.AllowedRoles.Contains(r.ToString())).ToList();
        return allowed;
    }
}

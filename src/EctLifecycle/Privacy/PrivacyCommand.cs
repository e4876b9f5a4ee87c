using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace EctLifecycle.Privacy;

public sealed class PrivacyInput : NetCoreInput
{
    [Description("erase : efface le nom d'une personne de tous les événements qui la nomment (RGPD)")]
    public string Action { get; set; } = "";

    [FlagAlias("name"), Description("Nom de la personne à effacer (3 lettres au moins)")]
    public string? NameFlag { get; set; }

    [FlagAlias("project"), Description("Limite l'effacement à un projet : sa clé (P012) ou son identifiant")]
    public string? ProjectFlag { get; set; }

    [FlagAlias("reason"), Description("Motif de l'effacement, sans le nom de la personne (il est conservé dans la liste des effacements et le journal)")]
    public string? ReasonFlag { get; set; }

    [FlagAlias("by"), Description("Identifiant du compte qui efface, consigné dans le journal (par défaut « ligne de commande »)")]
    public string? ByFlag { get; set; }

    [FlagAlias("confirm"), Description("Efface vraiment ; sans lui, la commande montre seulement les projets et les événements qui nomment la personne")]
    public bool ConfirmFlag { get; set; }
}

[Description("Données personnelles : privacy erase --name N --reason R --confirm (--project K pour un seul projet)", Name = "privacy")]
public sealed class PrivacyCommand : JasperFxAsyncCommand<PrivacyInput>
{
    public PrivacyCommand()
    {
        Usage("Efface le nom d'une personne, remplacé par un pseudonyme, dans tous les projets ou dans un seul").Arguments(x => x.Action);
    }

    // The API's field names, as the command's flags.
    private static readonly Dictionary<string, string> Flags = new() { ["name"] = "--name", ["projectId"] = "--project", ["reason"] = "--reason" };

    public override async Task<bool> Execute(PrivacyInput input)
    {
        if (input.Action.Trim().ToLowerInvariant() != "erase")
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Action inconnue « {input.Action} » : erase[/]");
            return false;
        }
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var time = host.Services.GetRequiredService<TimeProvider>();
        await using var session = store.QuerySession();
        var (request, errors) = await Erasures.CheckAsync(session, input.NameFlag, input.ProjectFlag, input.ReasonFlag, reasonRequired: true, CancellationToken.None);
        if (request is null)
        {
            foreach (var (field, messages) in errors)
                foreach (var message in messages) AnsiConsole.MarkupLineInterpolated($"[red]{Flags.GetValueOrDefault(field, field)} : {message}[/]");
            AnsiConsole.MarkupLine("[red]Rien n'a été effacé.[/]");
            return false;
        }
        // Who erases is an account's login: the journal and the list of erasures keep it, and must keep no one else's name.
        var by = Journal.Audit.CommandLine;
        if (input.ByFlag is { } given)
        {
            if (await Accounts.UserAccount.ActiveLoginAsync(session, given) is not { } login)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]--by : aucun compte actif « {given} » : donnez l'identifiant du compte de qui efface. Rien n'a été effacé.[/]");
                return false;
            }
            by = login;
        }
        if (!input.ConfirmFlag)
        {
            var found = await Erasures.FindAsync(session, request.Name, request.ProjectId, CancellationToken.None);
            if (found.Count == 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Rien à effacer : {await Erasures.NowhereAsync(session, request, CancellationToken.None)}.[/]");
                return false;
            }
            AnsiConsole.MarkupLineInterpolated($"Aperçu : {found.Sum(f => f.Events)} événement(s) de {found.Count} projet(s) nomment cette personne :");
            foreach (var project in found) AnsiConsole.MarkupLineInterpolated($"  {project.Key} {project.Name} : {project.Events} événement(s)");
            AnsiConsole.MarkupLine("Rien n'a été effacé : relancez avec [bold]--confirm[/] pour effacer.");
            return true;
        }
        if (await Erasures.EraseAsync(store, time, request, by, CancellationToken.None) is not { } done)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Rien à effacer : {await Erasures.NowhereAsync(session, request, CancellationToken.None)}.[/]");
            return false;
        }
        AnsiConsole.MarkupLineInterpolated(
            $"[green]Effacement terminé[/] : le nom est remplacé par « {done.Pseudonym} » dans {done.Events} événement(s) de {done.Projects} projet(s) ; {done.Answers} réponse(s) enregistrée(s) réécrite(s).");
        return true;
    }
}

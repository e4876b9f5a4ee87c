using Npgsql;

namespace EctLifecycle.FaultTests;

/// <summary>`users email LOGIN --email X`, as an operator runs it: the address stored, removed, or refused in French with a non-zero exit.</summary>
public sealed class UsersEmailCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task users_email_sets_and_removes_an_address_and_refuses_a_malformed_one_or_an_unknown_login_in_french()
    {
        await using var db = await OwnSchema.CreateAsync("ect_users_email");
        await UsersAsync(db, true, "add", "claire", "--role", "staff", "--password", "mot-de-passe-de-claire");

        (await UsersAsync(db, true, "email", "claire", "--email", " claire@pole.example ")).ShouldContain("Compte « claire » : adresse électronique enregistrée");
        (await EmailOfAsync(db, "claire")).ShouldBe("claire@pole.example");

        (await UsersAsync(db, false, "email", "claire", "--email", "claire@pole")).ShouldContain("adresse électronique invalide : elle s'écrit nom@domaine.fr, sans espace");
        (await UsersAsync(db, false, "email", "claire")).ShouldContain("--email est obligatoire");
        (await UsersAsync(db, false, "email", "personne", "--email", "p@pole.example")).ShouldContain("aucun compte « personne »");
        (await EmailOfAsync(db, "claire")).ShouldBe("claire@pole.example", "a refused command changes nothing");

        (await UsersAsync(db, true, "email", "claire", "--email", "")).ShouldContain("adresse électronique retirée");
        (await EmailOfAsync(db, "claire")).ShouldBeNull();
    }

    private async Task<string> UsersAsync(OwnSchema db, bool succeeds, params string[] args)
    {
        var run = await AppProcess.RunCommandAsync(db.ConnectionString, db.Name, ["users", .. args]);
        output.WriteLine($"$ users {string.Join(' ', args)}\n{run}");
        if (succeeds) run.ExitCode.ShouldBe(0, run.ToString());
        else run.ExitCode.ShouldNotBe(0, run.ToString());
        return run.Stdout + run.Stderr;
    }

    private static async Task<string?> EmailOfAsync(OwnSchema db, string login)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select data->>'email' from \"{db.Name}\".mt_doc_useraccount where id = @id", connection);
        command.Parameters.AddWithValue("id", login);
        return await command.ExecuteScalarAsync() as string;
    }
}

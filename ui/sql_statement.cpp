#include "sql_statement.h"

#include <QSqlDatabase>
#include <QSqlError>

#include "adgen/error.h"
#include "studio_database.h"

SqlStatement::SqlStatement(const StudioDatabase& db, const QString& sql, QString what)
    : texts_(db.texts()), query_(db.connection()), what_(std::move(what)) {
    if (!query_.prepare(sql))
        fail();
}

QSqlQuery SqlStatement::run() {
    if (!query_.exec())
        fail();
    return std::move(query_);
}

void SqlStatement::fail() const {
    const QString problem = texts_.statementFailed.arg(what_, query_.lastError().text());
    throw adgen::Error(problem.toStdString(), texts_.statementFix.toStdString());
}

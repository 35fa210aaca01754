#pragma once

#include <QSqlQuery>
#include <QString>
#include <QVariant>

class StudioDatabase;
struct StudioDatabaseTexts;

// A query on a store's database, prepared; statements that fail throw adgen::Error naming what
// was being done, in the store's words.
class SqlStatement {
public:
    SqlStatement(const StudioDatabase& db, const QString& sql, QString what);
    SqlStatement& bind(const QVariant& value) {
        query_.addBindValue(value);
        return *this;
    }
    // The executed query, moved out: statements are temporaries, results outlive them.
    QSqlQuery run();

private:
    [[noreturn]] void fail() const;

    const StudioDatabaseTexts& texts_;
    QSqlQuery query_;
    QString what_;
};

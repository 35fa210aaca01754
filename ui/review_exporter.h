#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include "ad_export.h"     // ExportProblem
#include "review_store.h"  // complete: a Q_PROPERTY type

// The review lane's export actions for QML (review_export.h writes the files): verdicts and
// statistics of one batch (or all) as CSV or JSON by the file's suffix, and a reviewed ad as PNG
// with its recipe and review. Files are written atomically. Failures return false with
// `error`/`errorFix` set.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ReviewExporter : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewExporter)
    Q_PROPERTY(ReviewStore* store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    explicit ReviewExporter(QObject* parent = nullptr);
    ~ReviewExporter() override;

    ReviewStore* store() const { return store_; }
    void setStore(ReviewStore* store);
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // The verdicts of `batchId` (every batch when -1) to a .csv or .json file.
    Q_INVOKABLE bool exportVerdicts(const QString& pathOrUrl, qint64 batchId = -1);
    // The statistics of `batchId` (every batch when -1): .json holds rates and agreement; .csv
    // holds the rates, and the agreement goes beside it as <name>-agreement.csv.
    Q_INVOKABLE bool exportStatistics(const QString& pathOrUrl, qint64 batchId = -1);
    // One ad as reviewed by `reviewer`, as PNG (the fusion picture unless `fusion` is false).
    Q_INVOKABLE bool exportReviewedPng(qint64 itemId, const QString& reviewer,
                                       const QString& pathOrUrl, bool fusion = true);
    Q_INVOKABLE void clearError();

    // "stats.csv" -> "stats-agreement.csv".
    static QString agreementPathFor(const QString& ratesPath);

Q_SIGNALS:
    void storeChanged();
    void errorChanged();

private:
    // The local path and its format ("csv" or "json"); empty with `error` set when neither.
    QString formatOf(const QString& path);
    bool requireStore();
    bool finish(bool ok, const ExportProblem& problem);
    void setError(const QString& problem, const QString& fix);

    QPointer<ReviewStore> store_;
    QString error_;
    QString errorFix_;
};

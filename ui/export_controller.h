#pragma once

#include "ad_export.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>

class BriefController;
class GenerationController;

// Exports the current generation's finished variants, each file with the recipe that made it
// (PNG, JPEG with a JSON sidecar, a PDF contact sheet, all variants into a folder), copies a
// variant's copy to the clipboard, and restores a brief and its settings from an exported PNG.
// Variants are named by their row in GenerationController::variants (0-based), paths may be
// plain paths or file: URLs (what QML dialogs and drops give). A failure changes nothing the
// user had and sets `error`/`errorFix`; a success sets `status` and clears them.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ExportController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportController)
    // The last success, for the status bar ("Exported 4 files to …").
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)
    // The files the last export wrote (the sidecar after its JPEG).
    Q_PROPERTY(QStringList exportedFiles READ exportedFiles NOTIFY statusChanged)
    // Where export dialogs start: the last export's folder, else the brief's working folder.
    Q_PROPERTY(QUrl exportFolder READ exportFolder NOTIFY exportFolderChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)
    // The shopper of the last restored recipe, for the window to pick again (profile -1: none or
    // not a library profile). restoreFromPng leaves the shopper in use alone.
    Q_PROPERTY(qint64 restoredProfileId READ restoredProfileId NOTIFY restored)
    Q_PROPERTY(QString restoredShopperName READ restoredShopperName NOTIFY restored)

public:
    ExportController(BriefController* brief, GenerationController* generation, QObject* parent = nullptr);
    ~ExportController() override;

    QString status() const { return status_; }
    QStringList exportedFiles() const { return exportedFiles_; }
    QUrl exportFolder() const;
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }
    qint64 restoredProfileId() const { return restoredProfileId_; }
    QString restoredShopperName() const { return restoredShopperName_; }

    // A file name for the save dialog: "<product>-<shopper>-v<N>[-fusion].<suffix>".
    Q_INVOKABLE QString suggestedFileName(int variant, bool fusion, const QString& suffix) const;
    // Writes a finished variant's raw (or fusion) picture with its recipe; ".png"/".jpg" is
    // added when the path has another suffix. An existing file at the path is replaced (the save
    // dialog asked).
    Q_INVOKABLE bool exportPng(int variant, const QString& pathOrUrl, bool fusion);
    Q_INVOKABLE bool exportJpeg(int variant, const QString& pathOrUrl, bool fusion);
    // A PDF of the given variants (rows; empty: every finished variant), in that order.
    Q_INVOKABLE bool exportContactSheet(const QString& pathOrUrl, const QVariantList& variants, bool fusion);
    // Every finished variant, raw and fusion, into the folder (see exportVariants: never replaces).
    Q_INVOKABLE bool exportAll(const QString& folderOrUrl);
    // Puts the variant's copy on the clipboard.
    Q_INVOKABLE bool copyText(int variant);
    // Whether the file is a PNG carrying an AdGen recipe (for a drop target to choose between
    // restoring and loading a product picture). Reads the file; sets nothing.
    Q_INVOKABLE bool hasRecipe(const QString& pathOrUrl) const;
    // Applies the recipe in an exported PNG (or a JPEG export's .json sidecar): the brief (a new,
    // unsaved brief; a product file that no longer exists is named in `error` while the rest is
    // restored) and the generation settings, with fixed seeds from the exported variant's seed
    // (so the next generation's first variant makes it again). The shopper is left to the window:
    // see restoredProfileId / restoredShopperName.
    Q_INVOKABLE bool restoreFromPng(const QString& pathOrUrl);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void statusChanged();
    void exportFolderChanged();
    void errorChanged();
    // A recipe was applied (also when its product file was missing).
    void restored();

private:
    // The finished variant at `row`, or nothing and `error` set.
    std::optional<ExportVariant> finishedVariant(int row);
    QList<ExportVariant> finishedVariants() const;
    ExportVariant variantAt(int row) const;
    bool exportOne(int variant, const QString& pathOrUrl, bool fusion, const QString& suffix);
    void succeeded(const QString& status, const QStringList& files);
    bool setError(const QString& problem, const QString& fix);
    bool setError(const ExportProblem& problem) { return setError(problem.problem, problem.fix); }

    BriefController* brief_;
    GenerationController* generation_;
    QString status_;
    QStringList exportedFiles_;
    QString lastFolder_;
    QString error_;
    QString errorFix_;
    qint64 restoredProfileId_ = -1;
    QString restoredShopperName_;
};

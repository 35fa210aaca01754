#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QUrl>

#include "brief_history.h"
#include "product_controller.h"
#include "recent_files.h"
#include "selling_points_model.h"

namespace adgen {
struct Brief;
}

// The brief being edited: product cut-out, selling points, original title and description, and
// the `.adgen.json` file it lives in. Opening or saving never loses what the user has: a failed
// open leaves the current brief untouched, a failed save leaves it modified, and both set
// `error`/`errorFix` for the window to show.
// Every edit can be undone (BriefHistory); undo and redo change only what is on screen, never
// the file, and `modified` says whether what is shown differs from the file.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class BriefController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BriefController)
    Q_PROPERTY(ProductController* product READ product CONSTANT)
    Q_PROPERTY(SellingPointsModel* sellingPoints READ sellingPoints CONSTANT)
    Q_PROPERTY(QString description READ description WRITE setDescription NOTIFY descriptionChanged)
    Q_PROPERTY(QString originalTitle READ originalTitle WRITE setOriginalTitle NOTIFY originalTitleChanged)
    Q_PROPERTY(QString filePath READ filePath NOTIFY filePathChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY filePathChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    Q_PROPERTY(QUrl workingFolder READ workingFolder NOTIFY workingFolderChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY historyChanged)
    Q_PROPERTY(bool canRedo READ canRedo NOTIFY historyChanged)
    Q_PROPERTY(QString undoText READ undoText NOTIFY historyChanged)
    Q_PROPERTY(QString redoText READ redoText NOTIFY historyChanged)
    Q_PROPERTY(RecentFiles* recentBriefs READ recentBriefs CONSTANT)
    Q_PROPERTY(RecentFiles* recentProducts READ recentProducts CONSTANT)

public:
    explicit BriefController(QObject* parent = nullptr);
    ~BriefController() override;

    ProductController* product() { return &product_; }
    SellingPointsModel* sellingPoints() { return &sellingPoints_; }
    QString description() const { return description_; }
    void setDescription(const QString& description);
    QString originalTitle() const { return originalTitle_; }
    void setOriginalTitle(const QString& title);
    QString filePath() const { return filePath_; }
    // The file name, or "Untitled brief" before the first save.
    QString displayName() const;
    bool modified() const { return modified_; }
    // Where file dialogs start: the brief's folder, else the product's, else the user's
    // pictures (or home) folder.
    QUrl workingFolder() const;
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }
    // The last successful action, for the status bar ("Saved bottle.adgen.json").
    QString status() const { return status_; }
    bool canUndo() const { return history_.canUndo(); }
    bool canRedo() const { return history_.canRedo(); }
    // What undo or redo would change ("Edit description"), for tooltips; empty if nothing.
    QString undoText() const { return history_.undoLabel(); }
    QString redoText() const { return history_.redoLabel(); }
    // Briefs opened or saved, and products loaded, lately (QSettings "recent/briefs", "recent/products").
    RecentFiles* recentBriefs() { return &recentBriefs_; }
    RecentFiles* recentProducts() { return &recentProducts_; }

    // Loads the product cut-out; on failure the previous product stays (see ProductController).
    Q_INVOKABLE bool loadProduct(const QString& pathOrUrl);
    // Adds the selling points found in the clipboard's text; returns how many were added.
    Q_INVOKABLE int pasteSellingPoints();
    // The product from the clipboard: a copied file (file manager, or a path as text) loads
    // like a dropped one; copied pixels with alpha are written as a PNG next to the brief (or in
    // the app data folder's pasted/ while the brief is unsaved) and loaded from there. Anything
    // else is refused and the current product stays.
    Q_INVOKABLE bool pasteProduct();
    Q_INVOKABLE bool undo();
    Q_INVOKABLE bool redo();
    Q_INVOKABLE void newBrief();
    Q_INVOKABLE bool open(const QString& pathOrUrl);
    // Saves to the current file; false if there is none yet (the window then asks for one).
    Q_INVOKABLE bool save();
    Q_INVOKABLE bool saveAs(const QString& pathOrUrl);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void descriptionChanged();
    void originalTitleChanged();
    void filePathChanged();
    void modifiedChanged();
    void workingFolderChanged();
    void errorChanged();
    void statusChanged();
    void historyChanged();

private:
    adgen::Brief toBrief() const;
    void apply(const adgen::Brief& brief);
    BriefSnapshot snapshot() const;
    void restore(const BriefSnapshot& state);
    // Adds the brief as it now is to the history; `group` joins quick typing into one step.
    void recordEdit(const QString& label, const QString& group = {});
    void onSellingPointsEdited(SellingPointsModel::Edit edit);
    // Where a pasted cut-out is written: beside the brief, else in the app data folder.
    QString pastedImagePath() const;
    void setModified(bool modified);
    void setFilePath(const QString& path);
    void setError(const QString& problem, const QString& fix);
    void setStatus(const QString& status);

    ProductController product_;
    SellingPointsModel sellingPoints_;
    BriefHistory history_;
    // Times typing for BriefHistory (monotonic: a clock change must not split or join steps).
    QElapsedTimer clock_;
    // Set while pasting selling points, so the step is named after the paste.
    QString sellingPointsLabel_;
    RecentFiles recentBriefs_{QStringLiteral("recent/briefs")};
    RecentFiles recentProducts_{QStringLiteral("recent/products")};
    QString description_;
    QString originalTitle_;
    QString filePath_;
    bool modified_ = false;
    QString error_;
    QString errorFix_;
    QString status_;
};

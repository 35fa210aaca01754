#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include "ui_stall_probe.h"

class QLocalServer;
class QLocalSocket;
class QQuickWindow;

// Serves newline-delimited JSON commands on a local socket, one JSON reply per line:
//   {"cmd":"find","object":N}   -> {"ok":true,"value":{"visible":..,"enabled":..,"scene":rect}}
//   {"cmd":"property","object":N,"name":P}    -> {"ok":true,"value":V}
//   {"cmd":"setProperty","object":N,"name":P,"value":V}
//   {"cmd":"invoke","object":N,"method":M,"args":[...]}  -> {"ok":true,"value":return value}
//   {"cmd":"click","object":N}                (a real mouse click at the item's centre)
//   {"cmd":"clickText","text":T}             (clicks the front-most visible item showing T,
//                                             for items without a name, e.g. in Qt's dialogs)
//   {"cmd":"type","object":N,"text":T}        (focus the item, then real key presses)
//   {"cmd":"drop","object":N,"files":[F...]}  (files dragged from a file manager onto the item)
//   {"cmd":"key","key":"Ctrl+S"}              (a key sequence to the focused item)
//   {"cmd":"setClipboard","text":T}          (what a copy in another program would do)
//   {"cmd":"screenshot","path":F}             (grabs the window into a PNG file)
//   {"cmd":"stallProbe","action":"start"|"stop"} -> stop: {"longest_ms":..,"over_16ms":..,"over_50ms":..,"ticks":..}
//   {"cmd":"quit"}
// Objects are found by objectName among the window's items and the registered objects.
// Errors come back as {"ok":false,"error":"..."}; the server never throws or crashes the app.
class InspectorServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectorServer)

public:
    InspectorServer(QQuickWindow* window, QObject* parent = nullptr);
    ~InspectorServer() override;

    // Starts listening on `name`; false and an explanation in errorString() if it cannot.
    bool listen(const QString& name);
    QString errorString() const;
    // Makes a non-visual object (a controller) reachable by its objectName.
    void addObject(QObject* object);

private:
    void onConnection();
    void onReadyRead(QLocalSocket* socket);
    QJsonObject handle(const QJsonObject& request);
    QObject* findObject(const QString& name) const;

    QLocalServer* server_;
    QPointer<QQuickWindow> window_;
    QList<QPointer<QObject>> objects_;
    UiStallProbe stallProbe_;
};

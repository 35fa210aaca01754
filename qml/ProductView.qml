import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// The product cut-out over a transparency checkerboard, with its product box (pixels with
// alpha > 50, the box the model uses) and a one-line summary. Files can be dropped on it, and
// a cut-out copied elsewhere pasted into it.
Pane {
    id: root

    required property ProductController product
    signal loadRequested()
    signal filesDropped(var urls)
    signal pasteRequested()

    padding: 12

    DropArea {
        id: dropArea
        anchors.fill: parent
        onEntered: (drag) => drag.accept(Qt.CopyAction)
        onDropped: (drop) => {
            if (drop.hasUrls)
                root.filesDropped(drop.urls)
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        ErrorBanner {
            objectName: "productError"
            Layout.fillWidth: true
            problem: root.product.error
            fix: root.product.errorFix
            onDismissed: root.product.clearError()
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            CutoutImage {
                id: cutout
                objectName: "cutoutImage"
                anchors.fill: parent
                image: root.product.image
                visible: root.product.loaded
            }

            Rectangle {
                objectName: "productBoxOutline"
                visible: root.product.loaded && showBox.checked
                x: cutout.paintedRect.x + root.product.productBox.x * cutout.scale
                y: cutout.paintedRect.y + root.product.productBox.y * cutout.scale
                width: root.product.productBox.width * cutout.scale
                height: root.product.productBox.height * cutout.scale
                color: "transparent"
                border.color: "#e8590c"
                border.width: 2

                Label {
                    anchors.left: parent.left
                    anchors.bottom: parent.top
                    anchors.bottomMargin: 2
                    text: qsTr("product box")
                    color: "#e8590c"
                    font.pixelSize: 11
                }
            }

            ColumnLayout {
                anchors.centerIn: parent
                visible: !root.product.loaded
                spacing: 12
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    text: root.product.filePath === ""
                          ? qsTr("Drop a transparent product PNG here")
                          : qsTr("The product image of this brief could not be shown")
                    font.pixelSize: 18
                    color: "#495057"
                }
                RowLayout {
                    Layout.alignment: Qt.AlignHCenter
                    Button {
                        objectName: "loadProductButton"
                        text: qsTr("Load product…")
                        onClicked: root.loadRequested()
                    }
                    Button {
                        objectName: "pasteProductButton"
                        text: qsTr("Paste image")
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Paste a cut-out with transparency, or a copied PNG file (Ctrl+Shift+V)")
                        onClicked: root.pasteRequested()
                    }
                }
            }

            Rectangle {
                anchors.fill: parent
                visible: dropArea.containsDrag
                color: "#1a1c7ed6"
                border.color: "#1c7ed6"
                border.width: 2
                radius: 6
            }
        }

        RowLayout {
            Layout.fillWidth: true
            visible: root.product.loaded
            Label {
                objectName: "productFileName"
                text: root.product.fileName
                font.bold: true
                elide: Text.ElideMiddle
                Layout.maximumWidth: 260
            }
            Label {
                objectName: "productSummary"
                Layout.fillWidth: true
                text: root.product.summary
                color: "#495057"
                elide: Text.ElideRight
            }
            ToolButton {
                objectName: "pasteProductToolButton"
                text: qsTr("Paste image")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Replace the product with a cut-out from the clipboard (Ctrl+Shift+V)")
                onClicked: root.pasteRequested()
            }
            CheckBox {
                id: showBox
                objectName: "showProductBox"
                text: qsTr("Product box")
                checked: true
            }
        }
    }
}

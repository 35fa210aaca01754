<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BriefController</name>
    <message>
        <source>Untitled brief</source>
        <translation>未命名简报</translation>
    </message>
    <message>
        <source>Loaded product %1</source>
        <translation>已载入商品 %1</translation>
    </message>
    <message>
        <source>The clipboard holds no text to paste.</source>
        <translation>剪贴板中没有可粘贴的文本。</translation>
    </message>
    <message>
        <source>Copy a list of selling points separated by commas or line breaks first.</source>
        <translation>请先复制一组以逗号或换行分隔的卖点。</translation>
    </message>
    <message numerus="yes">
        <source>Added %n selling point(s) from the clipboard</source>
        <translation><numerusform>已从剪贴板添加 %n 个卖点</numerusform></translation>
    </message>
    <message>
        <source>New brief</source>
        <translation>新建简报</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>BriefEditor</name>
    <message>
        <source>Original title</source>
        <translation>原始标题</translation>
    </message>
    <message>
        <source>The product's catalogue title</source>
        <translation>商品的目录标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <source>What the product is, who it is for, what makes it different</source>
        <translation>商品是什么、面向谁、有何不同</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Load product…</source>
        <translation>载入商品…</translation>
    </message>
    <message>
        <source> (modified)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <source>Open brief</source>
        <translation>打开简报</translation>
    </message>
    <message>
        <source>AdGen briefs (*.adgen.json)</source>
        <translation>AdGen 简报 (*.adgen.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Save brief</source>
        <translation>保存简报</translation>
    </message>
    <message>
        <source>Load product cut-out</source>
        <translation>载入商品透明图</translation>
    </message>
    <message>
        <source>Images with transparency (*.png *.webp *.tif *.tiff)</source>
        <translation>带透明通道的图片 (*.png *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>%1 has unsaved changes.</source>
        <translation>%1 有未保存的更改。</translation>
    </message>
    <message>
        <source>Save them before continuing?</source>
        <translation>继续之前是否保存？</translation>
    </message>
</context>
<context>
    <name>ProductController</name>
    <message>
        <source>No product file was given.</source>
        <translation>没有指定商品文件。</translation>
    </message>
    <message>
        <source>Choose a transparent PNG.</source>
        <translation>请选择一张透明背景的 PNG。</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3 · product box %4, %5 – %6 × %7 px · coverage %8 %</source>
        <translation>%1 × %2 像素 · %3 · 商品框 %4, %5 – %6 × %7 像素 · 覆盖率 %8 %</translation>
    </message>
</context>
<context>
    <name>ProductView</name>
    <message>
        <source>product box</source>
        <translation>商品框</translation>
    </message>
    <message>
        <source>Drop a transparent product PNG here</source>
        <translation>将透明背景的商品 PNG 拖到这里</translation>
    </message>
    <message>
        <source>The product image of this brief could not be shown</source>
        <translation>无法显示此简报的商品图片</translation>
    </message>
    <message>
        <source>Load product…</source>
        <translation>载入商品…</translation>
    </message>
    <message>
        <source>Product box</source>
        <translation>商品框</translation>
    </message>
</context>
<context>
    <name>SellingPointsEditor</name>
    <message>
        <source>Type a selling point first.</source>
        <translation>请先输入一个卖点。</translation>
    </message>
    <message>
        <source>That selling point is already listed.</source>
        <translation>该卖点已在列表中。</translation>
    </message>
    <message>
        <source>Selling points (%1)</source>
        <translation>卖点（%1）</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No selling points yet</source>
        <translation>还没有卖点</translation>
    </message>
    <message>
        <source>Add a selling point, or a list separated by commas</source>
        <translation>添加一个卖点，或以逗号分隔的一组卖点</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Paste list</source>
        <translation>粘贴列表</translation>
    </message>
</context>
</TS>
